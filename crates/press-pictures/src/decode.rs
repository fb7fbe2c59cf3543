//! Reading a picture: what it is (by its bytes, not its name), its size
//! from the header before anything is decoded, then its pixels, upright
//! and in sRGB.

use std::io::Cursor;

use broadsheet_model::limits::{MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE};
use image::{DynamicImage, ImageDecoder, ImageReader};

/// What a file holds, by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Jpeg,
    Png,
    Webp,
    Gif,
    Svg,
    Avif,
    Unknown,
}

pub fn sniff(bytes: &[u8]) -> Sniffed {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Sniffed::Jpeg,
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Sniffed::Png,
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Sniffed::Webp,
        [b'G', b'I', b'F', b'8', ..] => Sniffed::Gif,
        [_, _, _, _, b'f', b't', b'y', b'p', b'a', b'v', b'i', b'f' | b's', ..] => Sniffed::Avif,
        _ if looks_like_svg(bytes) => Sniffed::Svg,
        _ => Sniffed::Unknown,
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('<') && text.contains("<svg")
}

/// An upright sRGB photo, 8 bits a sample: RGB, or RGBA when some pixel
/// is not opaque.
pub struct Photo {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub pixels: Vec<u8>,
}

/// The limits, checked on a size read from a header.
pub fn size_problem(width: u32, height: u32) -> Option<String> {
    if width == 0 || height == 0 {
        return Some("a picture of no pixels".to_owned());
    }
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Some(format!(
            "{width} × {height} pixels, over the {MAX_IMAGE_SIDE} a side may be; make it smaller first"
        ));
    }
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Some(format!(
            "{width} × {height} pixels, over the {} megapixels a picture may be; make it smaller first",
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    None
}

/// The size in a GIF's header, checked against the limits.
pub fn gif_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let decoder = image::codecs::gif::GifDecoder::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable GIF ({e})"))?;
    let (width, height) = decoder.dimensions();
    match size_problem(width, height) {
        Some(why) => Err(why),
        None => Ok((width, height)),
    }
}

/// A JPEG whose data stops before its end (a copy cut short): no end
/// marker after the last scan. Decoders fill the rest with grey rather
/// than fail, so this is checked here. Entropy-coded data cannot hold the
/// bytes FF D9 or FF DA (an FF there is followed by 00 or a restart
/// marker), so the last of each is a marker.
fn jpeg_is_cut_short(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|w| w == [0xFF, marker]);
    match (last(0xD9), last(0xDA)) {
        (Some(end), Some(scan)) => end < scan,
        (None, _) => true,
        (Some(_), None) => true,
    }
}

/// Decodes a JPEG, PNG or WebP: the header is checked against the limits
/// first, then the pixels are turned upright and into sRGB.
pub fn photo(bytes: &[u8], sniffed: Sniffed) -> Result<Photo, String> {
    let (format, name) = match sniffed {
        Sniffed::Jpeg => (image::ImageFormat::Jpeg, "JPEG"),
        Sniffed::Png => (image::ImageFormat::Png, "PNG"),
        Sniffed::Webp => (image::ImageFormat::WebP, "WebP"),
        Sniffed::Gif | Sniffed::Svg | Sniffed::Avif | Sniffed::Unknown => {
            return Err("not a photo press can read".to_owned())
        }
    };
    if sniffed == Sniffed::Jpeg && jpeg_is_cut_short(bytes) {
        return Err("a JPEG cut short (it has no end); copy the whole file again".to_owned());
    }
    let unreadable = |e: image::ImageError| format!("not a readable {name} ({e})");
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    // RGBA at 16 bits a sample, the most a decoder holds, plus room.
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 8 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            "over the size a picture may be (its header says so); make it smaller first".to_owned()
        }
        other => unreadable(other),
    })?;
    let (width, height) = decoder.dimensions();
    if let Some(why) = size_problem(width, height) {
        return Err(why);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    let alpha = image.color().has_alpha() && !is_opaque(&image);
    let (width, height) = (image.width(), image.height());
    let mut pixels = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    if let Some(icc) = icc {
        to_srgb(&icc, &mut pixels, alpha)?;
    }
    Ok(Photo {
        width,
        height,
        alpha,
        pixels,
    })
}

fn is_opaque(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageLumaA8(i) => i.pixels().all(|p| p.0[1] == u8::MAX),
        DynamicImage::ImageRgba8(i) => i.pixels().all(|p| p.0[3] == u8::MAX),
        DynamicImage::ImageLumaA16(i) => i.pixels().all(|p| p.0[1] == u16::MAX),
        DynamicImage::ImageRgba16(i) => i.pixels().all(|p| p.0[3] == u16::MAX),
        other => other.to_rgba8().pixels().all(|p| p.0[3] == u8::MAX),
    }
}

/// Converts RGB(A) pixels described by an ICC profile to sRGB (moxcms).
/// A profile of another kind (grey, or CMYK, which the JPEG decoder has
/// already turned to RGB) is left alone; so is one that cannot be read,
/// as browsers do.
fn to_srgb(icc: &[u8], pixels: &mut [u8], alpha: bool) -> Result<(), String> {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(source) = ColorProfile::new_from_slice(icc) else {
        return Ok(());
    };
    if source.color_space != DataColorSpace::Rgb {
        return Ok(());
    }
    let layout = if alpha { Layout::Rgba } else { Layout::Rgb };
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) =
        source.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return Ok(());
    };
    let input = pixels.to_vec();
    transform
        .transform(&input, pixels)
        .map_err(|e| format!("its colour profile cannot be applied ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_known_by_their_bytes() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Sniffed::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Sniffed::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Sniffed::Webp);
        assert_eq!(sniff(b"GIF89a"), Sniffed::Gif);
        assert_eq!(sniff(b"\0\0\0\x1cftypavif"), Sniffed::Avif);
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<svg/>"),
            Sniffed::Svg
        );
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<svg/>"), Sniffed::Svg);
        assert_eq!(sniff(b"<html>"), Sniffed::Unknown);
    }

    #[test]
    fn a_jpeg_without_its_end_is_cut_short() {
        assert!(!jpeg_is_cut_short(b"\xFF\xD8\xFF\xDAdata\xFF\x00\xFF\xD9"));
        assert!(jpeg_is_cut_short(b"\xFF\xD8\xFF\xDAdata\xFF\x00"));
        // An embedded thumbnail's end does not count.
        assert!(jpeg_is_cut_short(
            b"\xFF\xD8\xFF\xE1\xFF\xD8\xFF\xDAx\xFF\xD9\xFF\xDAdata"
        ));
        assert!(jpeg_is_cut_short(b"\xFF\xD8"));
    }

    #[test]
    fn sizes_over_the_limits_are_refused() {
        assert_eq!(size_problem(4000, 3000), None);
        assert!(size_problem(0, 10).is_some());
        assert!(size_problem(20_001, 10).is_some());
        assert!(size_problem(10_000, 10_000).is_some());
    }
}
