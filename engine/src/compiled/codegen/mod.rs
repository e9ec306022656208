//! The compiler: a checked `Program` to a WebAssembly module (wasm-encoder).
//!
//! The stages, each importing only those listed before it (and `layout`):
//! - `wasm`: the emitter's vocabulary (function bodies, types, memory arguments);
//! - `kinds`: the kinds of values and the locals that hold them, from the checker's types;
//! - `plan`: the checked program with every decision not about Wasm made
//!   (kinds, slots, data, which reasons each construct keeps), and its listing;
//! - `library`: the runtime library every module carries (globals, stacks,
//!   helpers), each declared once;
//! - `lower`: the plan's functions as code, one per definition, rule and floor;
//! - here: the module assembled, section by section, with its metadata.

mod kinds;
mod library;
mod lower;
mod plan;
mod wasm;

use super::layout::IN_HEADER;
use super::module::{Meta, SECTION};
use crate::program::Program;
use library::{e_input, e_run, helpers, FIRST_DEF, GLOBALS, G_BUMP, IMPORTS};
use plan::DATA_START;
use wasm::Types;
use wasm_encoder::ValType::I32;
use wasm_encoder::{
    CodeSection, ConstExpr, CustomSection, DataSection, EntityType, ExportKind, ExportSection, Function, FunctionSection, GlobalSection,
    GlobalType, ImportSection, MemorySection, MemoryType, Module, TypeSection,
};

/// The .wasm bytes of a checked rule set.
pub fn compile(program: &Program) -> Vec<u8> {
    let plan = plan::plan(program);
    let mut types = Types::default();
    let mut funcs: Vec<(u32, Function)> = Vec::new();

    // Types are numbered as first asked for: the helpers', then the
    // definitions', rules' and exports', then the imports'.
    for (_, (params, results), f) in helpers() {
        funcs.push((types.of(params, results), f));
    }
    debug_assert_eq!((IMPORTS.len() + funcs.len()) as u32, FIRST_DEF);
    for f in &plan.defs {
        funcs.push((types.of(&[I32], &f.kind.results()), lower::def_fn(f)));
    }
    let first_rule = FIRST_DEF + plan.defs.len() as u32;
    for f in &plan.conditions {
        funcs.push((types.of(&[], &[I32]), lower::rule_fn(f)));
    }
    let data = plan.data;
    let input_at = (DATA_START + data.bytes.len() as u32 + 15) & !15;
    let f_input = first_rule + plan.conditions.len() as u32;
    funcs.push((types.of(&[I32], &[I32]), e_input(input_at)));
    for quiet in [false, true] {
        funcs.push((types.of(&[I32], &[I32]), e_run(input_at, first_rule, plan.conditions.len() as u32, quiet)));
    }

    let mut module = Module::new();
    let import_types: Vec<u32> = IMPORTS.iter().map(|(_, _, (params, results))| types.of(params, results)).collect();
    let mut ts = TypeSection::new();
    for (params, results) in &types.list {
        ts.ty().function(params.iter().copied(), results.iter().copied());
    }
    module.section(&ts);
    let mut imports = ImportSection::new();
    for ((module_name, name, _), ty) in IMPORTS.iter().zip(import_types) {
        imports.import(module_name, name, EntityType::Function(ty));
    }
    module.section(&imports);
    let mut fs = FunctionSection::new();
    for (t, _) in &funcs {
        fs.function(*t);
    }
    module.section(&fs);
    let mut mems = MemorySection::new();
    let pages = (input_at as u64 + IN_HEADER as u64).div_ceil(65536).max(1);
    mems.memory(MemoryType { minimum: pages, maximum: None, memory64: false, shared: false, page_size_log2: None });
    module.section(&mems);
    let mut globals = GlobalSection::new();
    for g in 0..GLOBALS {
        let init = if g == G_BUMP { input_at as i32 } else { 0 };
        globals.global(GlobalType { val_type: I32, mutable: true, shared: false }, &ConstExpr::i32_const(init));
    }
    module.section(&globals);
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("input", ExportKind::Func, f_input);
    exports.export("run", ExportKind::Func, f_input + 1);
    exports.export("decide", ExportKind::Func, f_input + 2);
    module.section(&exports);
    let mut code = CodeSection::new();
    for (_, f) in &funcs {
        code.function(f);
    }
    module.section(&code);
    let mut data_section = DataSection::new();
    if !data.bytes.is_empty() {
        data_section.active(0, &ConstExpr::i32_const(DATA_START as i32), data.bytes.iter().copied());
    }
    module.section(&data_section);
    let meta = Meta { input: input_at, program: program.declarations.clone(), texts: data.texts, phrases: data.phrases };
    module.section(&CustomSection { name: SECTION.into(), data: meta.to_bytes().into() });
    module.finish()
}

/// The plan of a checked rule set as an indented listing (`screen build --plan`).
pub fn plan_listing(program: &Program) -> String {
    plan::print(program, &plan::plan(program))
}
