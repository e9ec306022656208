//! The emitter's vocabulary over wasm-encoder: function bodies with their
//! locals, function types numbered as first asked for, memory arguments.

use std::collections::HashMap;
use wasm_encoder::{Function, InstructionSink, MemArg, ValType};

/// A memory access at `offset` from the address on the stack, aligned to 2^`align` bytes.
pub(super) fn m(offset: u32, align: u32) -> MemArg {
    MemArg { offset: offset as u64, align, memory_index: 0 }
}

/// The types of functions, numbered as first asked for.
#[derive(Default)]
pub(super) struct Types {
    pub list: Vec<(Vec<ValType>, Vec<ValType>)>,
    index: HashMap<(Vec<ValType>, Vec<ValType>), u32>,
}

impl Types {
    pub fn of(&mut self, params: &[ValType], results: &[ValType]) -> u32 {
        let key = (params.to_vec(), results.to_vec());
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(key.clone());
        self.index.insert(key, i);
        i
    }
}

/// One function being written: its locals (after the parameters) and code.
pub(super) struct Body {
    params: u32,
    locals: Vec<ValType>,
    code: Vec<u8>,
}

impl Body {
    pub fn new(params: u32) -> Body {
        Body { params, locals: Vec::new(), code: Vec::new() }
    }
    pub fn local(&mut self, t: ValType) -> u32 {
        self.locals.push(t);
        self.params + self.locals.len() as u32 - 1
    }
    pub fn i(&mut self) -> InstructionSink<'_> {
        InstructionSink::new(&mut self.code)
    }
    pub fn finish(self) -> Function {
        let mut f = Function::new_with_locals_types(self.locals);
        f.raw(self.code);
        f.instructions().end();
        f
    }
}
