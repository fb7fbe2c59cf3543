//! The pictures output: the content folder's `images/`, checked by
//! `press_content::images`, copied into the output as they are.

use anyhow::{Context, Result};

/// Copies every picture of the content folder's `images/` into the
/// output's `images/`, as it is (checked by `pipeline::check_all`).
pub fn write(
    library: &crate::library::Library,
    staging: &broadsheet_output::Staging,
) -> Result<()> {
    use rayon::prelude::*;
    let Some(images) = &library.config.images_dir else {
        return Ok(());
    };
    let (files, _) = press_content::images::list(images)?;
    files.par_iter().try_for_each(|(relative, path)| {
        let bytes =
            std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
        staging.write(&format!("images/{relative}"), &bytes)?;
        Ok(())
    })
}
