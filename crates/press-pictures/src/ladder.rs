//! Which widths press makes of a photo, and where a crop falls: pure
//! arithmetic, tested here.

use broadsheet_model::limits::MAX_IMAGE_WIDTH_MADE;

/// The widths a layout asks for: a thumbnail's slot at one and two pixels
/// a point (160-320), a phone's column at two and three (720-1080), a
/// desktop column at one and two (640-1280), and the widest for large
/// screens at twice the density. Steps of about 1.3-1.5, so the browser's
/// choice is never more than that over what the slot needs.
pub const RUNGS: &[u32] = &[
    160,
    240,
    320,
    480,
    640,
    800,
    1080,
    1440,
    MAX_IMAGE_WIDTH_MADE,
];

/// The widths to make of a photo `width` pixels wide, ascending: every rung
/// narrower than it, then the photo's own width (up to the widest rung).
/// A photo is never enlarged.
pub fn widths(width: u32) -> Vec<u32> {
    let top = width.min(MAX_IMAGE_WIDTH_MADE);
    let mut widths: Vec<u32> = RUNGS.iter().copied().filter(|w| *w < top).collect();
    if top > 0 {
        widths.push(top);
    }
    widths
}

/// The height of a photo `width` × `height` scaled to `to` pixels wide,
/// rounded, at least 1.
pub fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// The share crop's shape: 1200 × 630, what link previews show.
pub const SHARE: (u32, u32) = (1200, 630);

/// The largest box of the share crop's shape inside a `width` × `height`
/// photo, centred on `focus` (percent across and down) as far as the edges
/// allow: `(left, top, width, height)`.
pub fn crop_box(width: u32, height: u32, focus: (u8, u8)) -> (u32, u32, u32, u32) {
    let (sw, sh) = (u64::from(SHARE.0), u64::from(SHARE.1));
    let (w, h) = (u64::from(width), u64::from(height));
    // As wide as the photo, unless that is taller than it is.
    let (cw, ch) = if w * sh <= h * sw {
        (w, (w * sh / sw).max(1))
    } else {
        ((h * sw / sh).max(1), h)
    };
    let place = |size: u64, crop: u64, percent: u8| -> u64 {
        let centre = size * u64::from(percent.min(100)) / 100;
        centre.saturating_sub(crop / 2).min(size - crop)
    };
    let left = place(w, cw, focus.0);
    let top = place(h, ch, focus.1);
    let to32 = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    (to32(left), to32(top), to32(cw), to32(ch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ladder_never_enlarges_and_ends_at_the_photo_or_the_widest_rung() {
        for (width, expected) in [
            (100, vec![100]),
            (160, vec![160]),
            (500, vec![160, 240, 320, 480, 500]),
            (1440, vec![160, 240, 320, 480, 640, 800, 1080, 1440]),
            (4000, RUNGS.to_vec()),
        ] {
            assert_eq!(widths(width), expected, "{width}");
        }
        assert!(widths(0).is_empty());
    }

    #[test]
    fn heights_keep_the_shape() {
        assert_eq!(scaled_height(4000, 3000, 640), 480);
        assert_eq!(scaled_height(3, 1, 1), 1);
        assert_eq!(scaled_height(1, 100_000, 2), 200_000);
    }

    #[test]
    fn crops_keep_the_focus_inside_the_photo() {
        // A 4:3 photo: the crop is as wide as the photo.
        assert_eq!(crop_box(4000, 3000, (50, 50)), (0, 450, 4000, 2100));
        assert_eq!(crop_box(4000, 3000, (50, 0)), (0, 0, 4000, 2100));
        assert_eq!(crop_box(4000, 3000, (50, 100)), (0, 900, 4000, 2100));
        assert_eq!(crop_box(4000, 3000, (50, 30)), (0, 0, 4000, 2100));
        // A panorama: the crop is as tall as the photo.
        assert_eq!(crop_box(4000, 1000, (0, 50)), (0, 0, 1904, 1000));
        assert_eq!(crop_box(4000, 1000, (75, 50)), (2048, 0, 1904, 1000));
        assert_eq!(crop_box(1, 1, (50, 50)), (0, 0, 1, 1));
    }
}
