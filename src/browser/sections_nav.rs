//! The section navigation that scrolls sideways on narrow screens: its
//! current section brought into view (prelude.js does the same on the
//! pre-rendered page before the app runs).

use wasm_bindgen::JsCast;

/// Where to scroll a sideways-scrolling navigation so that an item (its
/// left edge and width, in the list's coordinates) is in view: `None` when
/// it is already wholly visible, else the item centred. prelude.js in
/// crates/render does the same before the app runs.
pub fn nav_scroll_to(item_left: i32, item_width: i32, scroll_left: i32, view: i32) -> Option<i32> {
    let visible = item_left >= scroll_left && item_left + item_width <= scroll_left + view;
    (!visible).then(|| (item_left - (view - item_width) / 2).max(0))
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
        .and_then(|link| link.parent_element())
        .and_then(|item| item.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(item) = item else { return };
    if let Some(left) = nav_scroll_to(
        item.offset_left(),
        item.offset_width(),
        list.scroll_left(),
        list.client_width(),
    ) {
        list.set_scroll_left(left);
    }
}

#[cfg(test)]
mod tests {
    use super::nav_scroll_to;

    #[test]
    fn scrolls_the_current_section_into_view() {
        // In view: stay.
        assert_eq!(nav_scroll_to(100, 80, 0, 360), None);
        assert_eq!(nav_scroll_to(280, 80, 0, 360), None);
        // Cut at the right edge ("Politic"): centred.
        assert_eq!(nav_scroll_to(300, 80, 0, 360), Some(160));
        // Scrolled past: back, and never before the start.
        assert_eq!(nav_scroll_to(20, 80, 200, 360), Some(0));
        assert_eq!(nav_scroll_to(400, 80, 500, 360), Some(260));
    }
}
