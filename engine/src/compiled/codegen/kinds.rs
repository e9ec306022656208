//! The kinds of values in generated code and the locals that hold them. A
//! definition's kind is the type the checker gave it (`DefDef.ty`), not
//! worked out again.

use crate::program::{FieldTy, Program, Ty};
use wasm_encoder::ValType::{self, F64, I32, I64};

/// The kind of a condition's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum K {
    B,
    N,
    T,
    D,
    C,
    S,
}

impl K {
    pub fn results(self) -> Vec<ValType> {
        match self {
            K::B | K::T => vec![I32],
            K::N => vec![I32, F64, F64],
            K::D | K::C => vec![I32, I32],
            K::S => vec![I32, I64, I64],
        }
    }
}

/// A compiled value: the locals that hold it.
#[derive(Debug, Clone, Copy)]
pub(super) enum CV {
    B(u32),
    N(u32, u32, u32),
    T(u32),
    D(u32, u32),
    C(u32, u32),
    /// Known, options ticked, options asked.
    S(u32, u32, u32),
}

impl CV {
    pub fn kind(self) -> K {
        match self {
            CV::B(_) => K::B,
            CV::N(..) => K::N,
            CV::T(_) => K::T,
            CV::D(..) => K::D,
            CV::C(..) => K::C,
            CV::S(..) => K::S,
        }
    }
    pub fn locals(self) -> Vec<u32> {
        match self {
            CV::B(a) | CV::T(a) => vec![a],
            CV::N(a, b, c) | CV::S(a, b, c) => vec![a, b, c],
            CV::D(a, b) | CV::C(a, b) => vec![a, b],
        }
    }
}

/// The kind of a field's answer (a list reads as its number of items).
pub(super) fn field_kind(t: &FieldTy) -> K {
    match t {
        FieldTy::YesNo => K::B,
        FieldTy::Number | FieldTy::List(_) => K::N,
        FieldTy::Text => K::T,
        FieldTy::Date => K::D,
        FieldTy::OneOf(_) => K::C,
        FieldTy::SeveralOf(_) => K::S,
    }
}

/// The kind of a checked type. A list is read as its number of items; the
/// checker gives no definition the type of a record.
pub(super) fn ty_kind(t: &Ty) -> K {
    match t {
        Ty::YesNo | Ty::Record(_) => K::B,
        Ty::Number | Ty::List(_) => K::N,
        Ty::Text => K::T,
        Ty::Date => K::D,
        Ty::Choice(_) => K::C,
        Ty::Choices(_) => K::S,
    }
}

/// The kind of each definition's value, as the checker typed it.
pub(super) fn def_kinds(p: &Program) -> Vec<K> {
    p.defs.iter().map(|d| ty_kind(&d.ty)).collect()
}
