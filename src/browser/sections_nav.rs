//! The section navigation that scrolls sideways on narrow screens: its
//! current section brought into view (prelude.js does the same on the
//! pre-rendered page before the app runs).

/// How far to scroll a sideways-scrolling navigation so that an item (its
/// left edge on screen, from the list's left edge, and its width) is in
/// view: `None` when it is already wholly visible, else the distance that
/// centres it (the browser keeps the scroll within the list). Measured on
/// screen, it holds right to left too, where `scrollLeft` runs negative.
/// prelude.js in crates/render does the same before the app runs.
pub fn nav_scroll_by(item_left: f64, item_width: f64, view: f64) -> Option<f64> {
    let visible = item_left >= 0.0 && item_left + item_width <= view;
    (!visible).then(|| item_left - (view - item_width) / 2.0)
}

/// Brings the current section's link into view in a section navigation that
/// scrolls sideways (narrow screens), as the loader's prelude does for the
/// pre-rendered page before the app runs.
pub(super) fn reveal_current_section(document: &web_sys::Document) {
    let Some(list) = document.query_selector(".sections-nav ul").ok().flatten() else {
        return;
    };
    let item = list
        .query_selector("a[aria-current]")
        .ok()
        .flatten()
        .and_then(|link| link.parent_element());
    let Some(item) = item else { return };
    let (item, box_) = (
        item.get_bounding_client_rect(),
        list.get_bounding_client_rect(),
    );
    if let Some(by) = nav_scroll_by(
        item.left() - box_.left(),
        item.width(),
        f64::from(list.client_width()),
    ) {
        list.set_scroll_left(list.scroll_left() + by.round() as i32);
    }
}

#[cfg(test)]
mod tests {
    use super::nav_scroll_by;

    #[test]
    fn scrolls_the_current_section_into_view() {
        // In view: stay.
        assert_eq!(nav_scroll_by(100.0, 80.0, 360.0), None);
        assert_eq!(nav_scroll_by(280.0, 80.0, 360.0), None);
        // Cut at the right edge ("Politic"): centred.
        assert_eq!(nav_scroll_by(300.0, 80.0, 360.0), Some(160.0));
        // Scrolled past, out at the left (or, right to left, at the start): back.
        assert_eq!(nav_scroll_by(-180.0, 80.0, 360.0), Some(-320.0));
    }
}
