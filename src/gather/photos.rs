//! Photos the auditor attached in offline.toml (`evidence = ["photos/entrance.jpg"]`), as small embedded
//! thumbnails for the report: decoded with the `image` crate within bounds, turned upright by their EXIF
//! orientation, scaled down and encoded anew as JPEG, which carries no EXIF (no place, no camera).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use base64::Engine;

use crate::config::Audit;

/// The longest side of a thumbnail in the report, in pixels.
pub const THUMBNAIL_SIDE: u32 = 480;
/// The largest photo file read, in bytes.
pub const MAX_PHOTO_BYTES: usize = 30 * 1024 * 1024;
/// The largest image decoded, in pixels per side (a decompression bomb stops here).
pub const MAX_PHOTO_PIXELS_PER_SIDE: u32 = 12_000;

/// A photo as a JPEG thumbnail, or why it cannot be one.
pub fn thumbnail(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_PIXELS_PER_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_PIXELS_PER_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation =
        image::ImageDecoder::orientation(&mut decoder).unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = image::DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    picture.apply_orientation(orientation);
    let small = picture.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).into_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&small).map_err(|e| e.to_string())?;
    Ok(out)
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
pub fn thumbnails(audit: &Audit) -> BTreeMap<String, String> {
    let Some(offline) = &audit.offline else { return BTreeMap::new() };
    let dir = audit.file.parent().unwrap_or(Path::new(""));
    let names = offline
        .scores
        .values()
        .flat_map(|e| e.evidence.iter())
        .chain(offline.overrides.values().flat_map(|o| o.evidence.iter()))
        .filter(|n| is_photo(n));
    let mut out = BTreeMap::new();
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
        if let Ok(jpeg) = thumbnail(&bytes) {
            let url = format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(jpeg));
            out.insert(name.clone(), url);
        }
    }
    out
}
