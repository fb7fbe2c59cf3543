//! An SVG's intrinsic size, so that its space is kept before it loads:
//! the root's `width` and `height` (in pixels), else its `viewBox`.
//! (Scripts in an SVG are refused earlier, by `press check`.)

/// `(width, height)`, rounded up to whole pixels, or why there is none.
pub fn size(text: &str) -> Result<(u32, u32), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let root = loop {
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element)) => break element,
            Ok(Event::Eof) => return Err("an SVG with no <svg> element".to_owned()),
            Ok(_) => continue,
            Err(error) => return Err(format!("not a well-formed SVG ({error})")),
        }
    };
    if !root.local_name().as_ref().eq_ignore_ascii_case("svg") {
        return Err("an SVG whose first element is not <svg>".to_owned());
    }
    let mut width = None;
    let mut height = None;
    let mut view_box = None;
    for attribute in root.attributes().flatten() {
        let value = attribute.value.to_string();
        match attribute.key.local_name().as_ref() {
            "width" => width = pixels(&value),
            "height" => height = pixels(&value),
            "viewBox" => view_box = Some(value),
            _ => {}
        }
    }
    if let (Some(w), Some(h)) = (width, height) {
        return Ok((w, h));
    }
    let numbers: Vec<f64> = view_box
        .as_deref()
        .unwrap_or_default()
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match numbers[..] {
        [_, _, w, h] => match (whole(w), whole(h)) {
            (Some(w), Some(h)) => Ok((w, h)),
            _ => Err("an SVG whose viewBox has no area".to_owned()),
        },
        _ => Err(
            "an SVG with no size: give its <svg> a viewBox (or width and height), so that a page keeps its space"
                .to_owned(),
        ),
    }
}

/// `"640"` or `"640px"`; not a percentage or another unit.
fn pixels(value: &str) -> Option<u32> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value);
    whole(number.trim().parse().ok()?)
}

fn whole(n: f64) -> Option<u32> {
    (n.is_finite() && n > 0.0 && n <= f64::from(broadsheet_model::limits::MAX_IMAGE_SIDE))
        .then(|| n.ceil() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_come_from_width_and_height_or_the_view_box() {
        for (svg, expected) in [
            (r#"<svg width="640" height="360"/>"#, Ok((640, 360))),
            (
                r#"<svg width="640px" height="360.5px" viewBox="0 0 1 1"/>"#,
                Ok((640, 361)),
            ),
            (
                r#"<?xml version="1.0"?><!-- x --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 450"><rect/></svg>"#,
                Ok((800, 450)),
            ),
            (r#"<svg width="100%" viewBox="0,0,16,9"/>"#, Ok((16, 9))),
        ] {
            assert_eq!(size(svg), expected, "{svg}");
        }
        for bad in [
            r#"<svg/>"#,
            r#"<svg viewBox="0 0 0 10"/>"#,
            r#"<svg width="1e9" height="1"/>"#,
            r#"<html/>"#,
            "",
        ] {
            assert!(size(bad).is_err(), "{bad}");
        }
    }
}
