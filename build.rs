//! The app's module split in two (issue 34, `src/routes/page_views.rs`):
//! with `BROADSHEET_SPLIT=1`, which `cargo xtask dist` sets for trunk's
//! release build (xtask/src/split_app.rs), the split points are compiled in
//! (`cfg(broadsheet_split)`, for the app's binary: it alone has the feature
//! `split`) and the linker keeps the relocations the splitter reads, for
//! the app's binary only (the search module has nothing to split, and
//! wasm-opt cannot optimise a module that keeps them).

fn main() {
    println!("cargo::rerun-if-env-changed=BROADSHEET_SPLIT");
    let split = std::env::var("BROADSHEET_SPLIT").is_ok_and(|v| v == "1");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if split && wasm {
        println!("cargo::rustc-cfg=broadsheet_split");
        println!("cargo::rustc-link-arg-bin=broadsheet=--emit-relocs");
    }
}
