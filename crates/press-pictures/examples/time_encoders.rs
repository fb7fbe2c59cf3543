//! Times each step on one photo: `cargo run --profile native -p broadsheet-press-pictures --example time_encoders -- PHOTO`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a photo");
    let bytes = std::fs::read(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cache = broadsheet_press_pictures::Cache::open(dir.path());
    let job = broadsheet_press_pictures::Job {
        relative: "photo.jpg".into(),
        path: path.clone().into(),
        crops: [(50, 50)].into_iter().collect(),
    };
    let started = Instant::now();
    let outcome = broadsheet_press_pictures::make_all(&[job], &cache).unwrap();
    for entry in std::fs::read_dir(cache.folder_of(&outcome.made["photo.jpg"].key)).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name.starts_with("800.") || name.starts_with("2048.") {
            println!("{name} {}", entry.metadata().unwrap().len());
        }
    }
    println!(
        "{} bytes: whole ladder in {:.2?}: {:?}",
        bytes.len(),
        started.elapsed(),
        outcome.problems
    );
}
