//! Writing a photo: resized (fast_image_resize), then encoded from its
//! pixels alone, so that no metadata of the source can follow it.
//!
//! - AVIF: ravif (rav1e, pure Rust), the smallest for a photo.
//! - WebP: libwebp (the `webp` crate), lossy; `image`'s own WebP encoder
//!   is lossless only, and a lossless photo is larger than the JPEG.
//! - JPEG and PNG: `image`'s encoders.

use broadsheet_model::ImageFormat;
use fast_image_resize::images::Image as Buffer;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use crate::decode::Photo;

/// The encoders' settings. A change here changes every key, so the cache
/// never serves a file made with other settings.
pub const SETTINGS: &str = "avif q56 s10 a70; webp q74; jpeg q80; png; lanczos3";
const AVIF_QUALITY: f32 = 56.0;
const AVIF_ALPHA_QUALITY: f32 = 70.0;
const AVIF_SPEED: u8 = 10;
const WEBP_QUALITY: f32 = 74.0;
const JPEG_QUALITY: u8 = 80;

/// `photo` scaled to `width` × `height`, from the box `crop` of it if given
/// (left, top, width, height): its pixels, in the photo's layout.
pub fn resize(
    photo: &Photo,
    width: u32,
    height: u32,
    crop: Option<(u32, u32, u32, u32)>,
) -> Result<Vec<u8>, String> {
    let kind = if photo.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let whole = (0, 0, photo.width, photo.height);
    let (left, top, w, h) = crop.unwrap_or(whole);
    if (w, h) == (width, height) && (left, top, w, h) == whole {
        return Ok(photo.pixels.clone());
    }
    let source =
        fast_image_resize::images::ImageRef::new(photo.width, photo.height, &photo.pixels, kind)
            .map_err(|e| format!("cannot be resized ({e})"))?;
    let mut target = Buffer::new(width, height, kind);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(f64::from(left), f64::from(top), f64::from(w), f64::from(h));
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| format!("cannot be resized ({e})"))?;
    Ok(target.into_vec())
}

/// `pixels` (RGB, or RGBA when `alpha`) encoded in `format`.
pub fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    format: ImageFormat,
) -> Result<Vec<u8>, String> {
    let failed = |e: &dyn std::fmt::Display| format!("cannot be written as {format:?} ({e})");
    match format {
        ImageFormat::Avif => {
            let encoder = ravif::Encoder::new()
                .with_quality(AVIF_QUALITY)
                .with_alpha_quality(AVIF_ALPHA_QUALITY)
                .with_speed(AVIF_SPEED)
                .with_num_threads(Some(1));
            let (w, h) = (width as usize, height as usize);
            let encoded = if alpha {
                let rgba: Vec<ravif::RGBA8> = pixels
                    .chunks_exact(4)
                    .map(|p| ravif::RGBA8::new(p[0], p[1], p[2], p[3]))
                    .collect();
                encoder.encode_rgba(ravif::Img::new(&rgba[..], w, h))
            } else {
                let rgb: Vec<ravif::RGB8> = pixels
                    .chunks_exact(3)
                    .map(|p| ravif::RGB8::new(p[0], p[1], p[2]))
                    .collect();
                encoder.encode_rgb(ravif::Img::new(&rgb[..], w, h))
            };
            encoded.map(|e| e.avif_file).map_err(|e| failed(&e))
        }
        ImageFormat::Webp => {
            let encoder = if alpha {
                webp::Encoder::from_rgba(pixels, width, height)
            } else {
                webp::Encoder::from_rgb(pixels, width, height)
            };
            let encoded = encoder
                .encode_simple(false, WEBP_QUALITY)
                .map_err(|e| failed(&format!("{e:?}")))?;
            Ok(encoded.to_vec())
        }
        ImageFormat::Jpeg => {
            let mut out = Vec::new();
            let rgb;
            let pixels = if alpha {
                rgb = flatten(pixels);
                &rgb[..]
            } else {
                pixels
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode(pixels, width, height, image::ExtendedColorType::Rgb8)
                .map_err(|e| failed(&e))?;
            Ok(out)
        }
        ImageFormat::Png => {
            use image::ImageEncoder;
            let mut out = Vec::new();
            let color = if alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(pixels, width, height, color)
                .map_err(|e| failed(&e))?;
            Ok(out)
        }
    }
}

/// RGBA on white, as RGB: for a JPEG, which has no transparency.
fn flatten(pixels: &[u8]) -> Vec<u8> {
    pixels
        .chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect()
}

/// The average colour of `pixels` (transparent pixels count for nothing),
/// as `#rrggbb`: the placeholder painted until the picture loads.
pub fn average(pixels: &[u8], alpha: bool) -> Option<String> {
    let channels = if alpha { 4 } else { 3 };
    let mut sums = [0u64; 3];
    let mut weight = 0u64;
    for p in pixels.chunks_exact(channels) {
        let a = if alpha { u64::from(p[3]) } else { 255 };
        for (sum, c) in sums.iter_mut().zip(p) {
            *sum += u64::from(*c) * a;
        }
        weight += a;
    }
    if weight == 0 {
        return None;
    }
    let [r, g, b] = sums.map(|s| (s + weight / 2) / weight);
    Some(format!("#{r:02x}{g:02x}{b:02x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_is_the_average_of_what_shows() {
        assert_eq!(
            average(&[255, 0, 0, 0, 0, 255], false).as_deref(),
            Some("#800080")
        );
        // A transparent pixel counts for nothing.
        assert_eq!(
            average(&[255, 255, 255, 0, 10, 20, 30, 255], true).as_deref(),
            Some("#0a141e")
        );
        assert_eq!(average(&[1, 2, 3, 0], true), None);
    }

    #[test]
    fn transparency_becomes_white_in_a_jpeg() {
        assert_eq!(
            flatten(&[0, 0, 0, 0, 10, 20, 30, 255]),
            [255, 255, 255, 10, 20, 30]
        );
    }
}
