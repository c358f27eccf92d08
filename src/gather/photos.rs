//! Photos the auditor attached in offline.toml (`evidence = ["photos/entrance.jpg"]`), as small embedded
//! thumbnails for the report: decoded with the `image` crate within bounds, turned upright by their EXIF
//! orientation, scaled down and encoded anew as JPEG, which carries no EXIF (no place, no camera).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use base64::Engine;

use crate::config::Audit;

/// The longest side of a thumbnail in the report, in pixels.
pub(crate) const THUMBNAIL_SIDE: u32 = 480;
/// The largest photo file read, in bytes.
pub(crate) const MAX_PHOTO_BYTES: usize = 30 * 1024 * 1024;
/// The largest image decoded, in pixels per side (a decompression bomb stops here).
pub(crate) const MAX_PHOTO_PIXELS_PER_SIDE: u32 = 12_000;
/// The most memory one photo's decoding may take, in bytes.
pub(crate) const MAX_PHOTO_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// The most pixels decoded for one report, all photos together (thirty 48-megapixel phone photos): past it,
/// photos are listed by name without a thumbnail, so a hundred names of one bomb cannot stall the run.
pub(crate) const MAX_PHOTO_PIXELS_TOTAL: u64 = 1_500_000_000;

/// A photo as a JPEG thumbnail and its pixels, or why it cannot be one: a photo of more than `budget`
/// pixels is refused before it is decoded.
fn thumbnail_within(bytes: &[u8], budget: u64) -> Result<(Vec<u8>, u64), String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_PIXELS_PER_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_PIXELS_PER_SIDE);
    limits.max_alloc = Some(MAX_PHOTO_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (width, height) = image::ImageDecoder::dimensions(&decoder);
    let pixels = u64::from(width) * u64::from(height);
    if pixels > budget {
        return Err(format!("{width}×{height} pixels: past the report's photo budget (MAX_PHOTO_PIXELS_TOTAL)"));
    }
    let orientation =
        image::ImageDecoder::orientation(&mut decoder).unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = image::DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    picture.apply_orientation(orientation);
    let small = picture.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).into_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&small).map_err(|e| e.to_string())?;
    Ok((out, pixels))
}

/// Whether `dir/name` is, links followed, inside `dir` (true when it does not exist: nothing will be read).
fn resolves_inside(dir: &Path, name: &str) -> bool {
    let base = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    match (std::fs::canonicalize(base), std::fs::canonicalize(base.join(name))) {
        (Ok(base), Ok(file)) => file.starts_with(base),
        _ => true,
    }
}

fn is_photo(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"].iter().any(|ext| lower.ends_with(ext))
}

/// Every photo named as evidence in the audit's offline.toml that can be read, by its name as written, as a
/// `data:image/jpeg;base64,…` thumbnail. A photo that is missing or not an image is left out (the report
/// lists its name).
pub(crate) fn thumbnails(audit: &Audit) -> BTreeMap<String, String> {
    let Some(offline) = &audit.offline else { return BTreeMap::new() };
    let dir = audit.file.parent().unwrap_or(Path::new(""));
    let names = offline
        .scores
        .values()
        .flat_map(|e| e.evidence.iter())
        .chain(offline.overrides.values().flat_map(|o| o.evidence.iter()))
        .filter(|n| is_photo(n));
    let mut out = BTreeMap::new();
    // One file under many names (or copies of it) is decoded once.
    let mut by_content: std::collections::HashMap<[u8; 32], Option<String>> = std::collections::HashMap::new();
    let mut budget = MAX_PHOTO_PIXELS_TOTAL;
    for name in names {
        if out.contains_key(name) {
            continue;
        }
        // Checked at load too; here as well, so that nothing outside the audit's folder is ever embedded
        // (a name inside it that is a link to elsewhere is refused by its real path).
        if !crate::config::offline::inside_the_audit_folder(name) || !resolves_inside(dir, name) {
            continue;
        }
        let Ok(bytes) = audit.files.read_bytes(&dir.join(name)) else { continue };
        if bytes.len() > MAX_PHOTO_BYTES {
            continue;
        }
        // By SHA-256: two different photos never share a thumbnail.
        let key: [u8; 32] = ring::digest::digest(&ring::digest::SHA256, &bytes).as_ref().try_into().unwrap_or([0; 32]);
        let url = by_content.entry(key).or_insert_with(|| {
            let (jpeg, pixels) = thumbnail_within(&bytes, budget).ok()?;
            budget = budget.saturating_sub(pixels);
            Some(format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(jpeg)))
        });
        if let Some(url) = url {
            out.insert(name.clone(), url.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let picture = image::RgbImage::new(width, height);
        picture.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_photo_past_the_pixel_budget_is_refused_before_it_is_decoded() {
        let photo = png(40, 25);
        let (jpeg, pixels) = thumbnail_within(&photo, 1_000).unwrap();
        assert_eq!(pixels, 1_000);
        assert!(jpeg.starts_with(&[0xff, 0xd8]));
        let refused = thumbnail_within(&photo, 999).unwrap_err();
        assert!(refused.contains("40×25") && refused.contains("MAX_PHOTO_PIXELS_TOTAL"), "{refused}");
        // Past the side limit: refused from the header, whatever the budget.
        let wide = png(MAX_PHOTO_PIXELS_PER_SIDE + 1, 1);
        assert!(thumbnail_within(&wide, u64::MAX).is_err());
    }
}
