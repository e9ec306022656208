//! The browser surface: a thin layer over `api`, owned by the Wasm work.
