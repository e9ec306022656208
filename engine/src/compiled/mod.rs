//! Rule sets compiled to their own WebAssembly module (issue 11).
//!
//! The stages, each importing only those listed before it:
//! - `layout`: the bytes between the runtime and a module (input, output,
//!   texts), the one description every stage below follows;
//! - `module`: reading a module's metadata (`Loaded`), checked;
//! - `prepare`: the writer, a form laid out as the module's input;
//! - `finish`: the reader, the module's output back into the interpreter's
//!   `Evaluation`, which `Evaluation::outcome()` (decide and explain,
//!   unchanged) words;
//! - `codegen` (cargo feature `compiler`: the CLI and the tools build): a
//!   checked `Program` to a module, with the interpreter's three-valued
//!   meaning, reasons and unanswered questions.
//!
//! The runtime build has the first four and no parser or checker.

mod finish;
mod layout;
mod module;
mod prepare;

#[cfg(feature = "compiler")]
mod codegen;

#[cfg(feature = "compiler")]
pub use codegen::{compile, plan_listing};
pub use module::{Loaded, FORMAT_VERSION, SECTION};
pub use prepare::{FormTable, Placed};
