//! Each fixture of `tests/fixtures` (made by its `make.sh`) against the
//! outcome `expected.txt` gives it; then the cache's promises.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use broadsheet_model::ImageFormat;
use broadsheet_press_pictures::{make_all, outputs, Cache, Job, Kind};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn job(folder: &Path, name: &str) -> Job {
    Job {
        relative: name.to_owned(),
        path: folder.join(name),
        crops: BTreeSet::new(),
    }
}

/// Bytes of the fixtures' metadata that must not reach any output.
const PLANTED: &[&[u8]] = &[
    b"BSH-SERIAL-4711",
    b"BSH-OWNER-OF-CAMERA",
    b"BroadsheetCam",
    b"Exif\0\0",
    b"GPS",
];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The share of red pixels in each half: top, bottom, left, right.
fn red_halves(path: &Path) -> [f64; 4] {
    let image = image::open(path).unwrap().to_rgb8();
    let (w, h) = image.dimensions();
    let mut counts = [(0u32, 0u32); 4];
    for (x, y, p) in image.enumerate_pixels() {
        let red = p.0[0] > 150 && p.0[2] < 100;
        let halves = [y < h / 2, y >= h / 2, x < w / 2, x >= w / 2];
        for (count, inside) in counts.iter_mut().zip(halves) {
            if inside {
                count.0 += u32::from(red);
                count.1 += 1;
            }
        }
    }
    counts.map(|(red, all)| f64::from(red) / f64::from(all))
}

#[test]
fn every_fixture_has_its_expected_outcome() {
    let folder = fixtures();
    let expected = std::fs::read_to_string(folder.join("expected.txt")).unwrap();
    let lines: Vec<(&str, Vec<&str>)> = expected
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap(), words.collect())
        })
        .collect();
    let jobs: Vec<Job> = lines.iter().map(|(name, _)| job(&folder, name)).collect();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path());
    let outcome = make_all(&jobs, &cache).unwrap();
    let mut failures = Vec::new();
    for (name, words) in &lines {
        let path = folder.join(name);
        let problem = outcome.problems.iter().find(|(p, _)| *p == path);
        match words[0] {
            "error" => {
                let text = words[1..].join(" ");
                match problem {
                    Some((_, why)) if why.contains(&text) => {}
                    other => {
                        failures.push(format!("{name}: expected error `{text}`, got {other:?}"))
                    }
                }
            }
            "made" => {
                let Some(made) = outcome.made.get(*name) else {
                    failures.push(format!("{name}: not made: {problem:?}"));
                    continue;
                };
                let size = format!("{}x{}", made.width, made.height);
                if size != words[1] {
                    failures.push(format!("{name}: {size}, expected {}", words[1]));
                }
                let Kind::Ladder { widths, formats } = &made.kind else {
                    failures.push(format!("{name}: not a ladder"));
                    continue;
                };
                let names: Vec<String> = formats
                    .iter()
                    .map(|f| format!("{f:?}").to_lowercase())
                    .collect();
                if names.join(",") != words[2] {
                    failures.push(format!("{name}: formats {names:?}, expected {}", words[2]));
                }
                // A colour stands in for a photo; behind a transparent one it would show.
                let opaque = formats.last() == Some(&ImageFormat::Jpeg);
                assert_eq!(
                    made.placeholder.as_deref().is_some_and(|p| p.len() == 7),
                    opaque,
                    "{name}: placeholder {:?}",
                    made.placeholder
                );
                let files = outputs(name, made, &BTreeSet::new(), &cache);
                assert_eq!(files.len(), widths.len() * formats.len(), "{name}");
                for (site, file) in &files {
                    let bytes = std::fs::read(file).unwrap();
                    for planted in PLANTED {
                        assert!(
                            !contains(&bytes, planted),
                            "{name}: {site} holds {:?}",
                            String::from_utf8_lossy(planted)
                        );
                    }
                    if site.ends_with(".avif") {
                        assert_eq!(&bytes[4..12], b"ftypavif", "{site}");
                    } else {
                        image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{site}: {e}"));
                    }
                }
                let fallback = formats.last().unwrap();
                let widest = cache.folder_of(&made.key).join(format!(
                    "{}.{}",
                    widths.last().unwrap(),
                    fallback.extension()
                ));
                let (w, h) = image::image_dimensions(&widest).unwrap();
                assert_eq!(format!("{w}x{h}"), words[1], "{name}: the file");
                if let Some(place) = words.get(3).and_then(|w| w.strip_prefix("red:")) {
                    let [top, bottom, left, right] = red_halves(&widest);
                    let ok = match place {
                        "top" => top > 0.9 && bottom < 0.1,
                        "bottom" => bottom > 0.9 && top < 0.1,
                        "left" => left > 0.9 && right < 0.1,
                        "right" => right > 0.9 && left < 0.1,
                        "all" => top > 0.9 && bottom > 0.9,
                        other => panic!("{name}: red:{other}?"),
                    };
                    if !ok {
                        failures.push(format!(
                            "{name}: red should be {place}; top {top:.2} bottom {bottom:.2} left {left:.2} right {right:.2}"
                        ));
                    }
                }
                if let Some(rgb) = words.get(3).and_then(|w| w.strip_prefix("rgb:")) {
                    let expected: Vec<i32> = rgb.split(',').map(|n| n.parse().unwrap()).collect();
                    let image = image::open(&widest).unwrap().to_rgb8();
                    let (w, h) = image.dimensions();
                    let actual = image.get_pixel(w / 2, h / 2).0.map(i32::from);
                    let close = expected.iter().zip(actual).all(|(e, a)| (e - a).abs() <= 8);
                    if !close {
                        failures.push(format!(
                            "{name}: the middle pixel is {actual:?} in sRGB, expected {expected:?}"
                        ));
                    }
                }
                if *fallback == ImageFormat::Png {
                    let image = image::open(&widest).unwrap();
                    assert!(image.color().has_alpha(), "{name}: transparency kept");
                }
            }
            other => panic!("expected.txt: {other}?"),
        }
    }
    assert_eq!(
        outcome.made.len() + outcome.problems.len(),
        lines.len(),
        "every fixture made or refused"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_cache_does_no_work_twice_and_forgets_what_is_gone() {
    let folder = tempfile::tempdir().unwrap();
    for name in ["gps.jpg", "progressive.jpg", "png16-alpha.png"] {
        std::fs::copy(fixtures().join(name), folder.path().join(name)).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path());
    let all: Vec<Job> = ["gps.jpg", "progressive.jpg", "png16-alpha.png"]
        .iter()
        .map(|n| job(folder.path(), n))
        .collect();
    let first = make_all(&all, &cache).unwrap();
    assert_eq!((first.processed, first.problems.len()), (3, 0));

    let again = make_all(&all, &cache).unwrap();
    assert_eq!(again.processed, 0, "a rebuild makes nothing");

    // An SVG hero asks for a crop: it is shown as it is, and never cropped.
    std::fs::write(
        folder.path().join("chart.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="9" height="9"/></svg>"#,
    )
    .unwrap();
    let mut svg = job(folder.path(), "chart.svg");
    svg.crops.insert((50, 50));
    let svg_dir = tempfile::tempdir().unwrap();
    let svg_cache = Cache::open(svg_dir.path());
    for round in 0..2 {
        let outcome = make_all(std::slice::from_ref(&svg), &svg_cache).unwrap();
        assert_eq!(outcome.processed, 1 - round, "round {round}");
        let made = &outcome.made["chart.svg"];
        assert_eq!((made.width, made.height), (400, 300));
        assert_eq!(outputs("chart.svg", made, &svg.crops, &svg_cache).len(), 1);
    }
    assert_eq!(again.made, first.made);

    // A renamed file (or a touched one) is the same content: found by key.
    std::fs::rename(
        folder.path().join("gps.jpg"),
        folder.path().join("moved.jpg"),
    )
    .unwrap();
    let mut renamed = all.clone();
    renamed[0] = job(folder.path(), "moved.jpg");
    let moved = make_all(&renamed, &cache).unwrap();
    assert_eq!(moved.processed, 0);
    assert_eq!(moved.made["moved.jpg"].key, first.made["gps.jpg"].key);

    // A crop asked for later is made beside the rest.
    renamed[1].crops.insert((50, 20));
    let cropped = make_all(&renamed, &cache).unwrap();
    assert_eq!(cropped.processed, 1);
    let key = &cropped.made["progressive.jpg"].key;
    let crop = cache.folder_of(key).join("share-50-20.jpg");
    let (w, h) = image::image_dimensions(&crop).unwrap();
    assert_eq!((w, h), (320, 168), "1.91:1, never enlarged");

    // Two files of one content, made at once, one asked to be cropped.
    let twins = tempfile::tempdir().unwrap();
    let twin_cache = Cache::open(twins.path());
    let mut pair = Vec::new();
    for (name, crop) in [("one.jpg", None), ("two.jpg", Some((50, 50)))] {
        std::fs::copy(fixtures().join("gps.jpg"), folder.path().join(name)).unwrap();
        let mut twin = job(folder.path(), name);
        twin.crops.extend(crop);
        pair.push(twin);
    }
    let made = make_all(&pair, &twin_cache).unwrap();
    assert_eq!(made.made["one.jpg"].key, made.made["two.jpg"].key);
    let files = outputs(
        "two.jpg",
        &made.made["two.jpg"],
        &pair[1].crops,
        &twin_cache,
    );
    assert!(files.iter().all(|(_, file)| file.is_file()), "{files:?}");

    // A folder press did not make its cache is never pruned.
    let theirs = tempfile::tempdir().unwrap();
    let kept = theirs.path().join("v1/0123456789abcdef");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::write(
        theirs.path().join("CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55\n# another program's\n",
    )
    .unwrap();
    make_all(&renamed[..1], &Cache::open(theirs.path())).unwrap();
    assert!(kept.is_dir(), "a folder of someone else's was pruned");

    // A picture no story shows any more leaves the cache.
    let gone = first.made["png16-alpha.png"].key.clone();
    make_all(&renamed[..2], &cache).unwrap();
    assert!(!cache.folder_of(&gone).exists());
    assert!(cache.folder_of(key).exists());
}
