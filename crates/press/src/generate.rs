//! `press generate`: a synthetic newsroom archive of any size, for scale
//! tests and benchmarks. Deterministic for a given seed and count.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use press_content::random::Random;
use press_content::text::slugify;

const SECTIONS: &[&str] = &[
    "world",
    "world/asia",
    "world/europe",
    "world/americas",
    "world/africa",
    "business",
    "business/economy",
    "business/markets",
    "technology",
    "science",
    "science/climate",
    "sport",
    "culture",
    "opinion",
];
const TOPICS: usize = 400;
/// Writers with a profile in `authors/`; every byline names one or two.
const AUTHORS: usize = 200;
const TOPIC_WORDS: usize = 24;
const GENERAL_WORDS: usize = 4000;
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ten", "ra", "vo", "sel", "dun", "pre", "ta", "gor", "bel", "in", "os", "ur",
    "an", "ve", "tri", "mon", "da", "ri", "sto", "pal", "ne", "qui", "har", "ben", "zo", "lu",
    "mar", "fen", "col",
];

fn word(seed: u64) -> String {
    let mut random = Random(seed);
    let syllables = 2 + random.below_usize(3);
    (0..syllables)
        .map(|_| SYLLABLES[random.below_usize(SYLLABLES.len())])
        .collect()
}

struct Vocabulary {
    general: Vec<String>,
    topics: Vec<Vec<String>>,
}

impl Vocabulary {
    fn new(seed: u64) -> Vocabulary {
        let general = (0..GENERAL_WORDS as u64)
            .map(|i| word(seed ^ (i * 7919 + 1)))
            .collect();
        let topics = (0..TOPICS as u64)
            .map(|t| {
                (0..TOPIC_WORDS as u64)
                    .map(|i| word(seed ^ (1_000_003 * (t + 1) + i * 31)))
                    .collect()
            })
            .collect();
        Vocabulary { general, topics }
    }
}

/// How the generated stories are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    /// Headlines of 18–32 words and standfirsts of 60–100: the extremes a
    /// real archive has, for layout tests.
    pub long: bool,
}

pub fn generate(out: &Path, count: usize, seed: u64, shape: Shape) -> Result<()> {
    // A fresh folder only: generating over a real content folder would
    // overwrite its site.toml and mix synthetic stories into its archive.
    if let Ok(mut entries) = std::fs::read_dir(out) {
        if entries.next().is_some() {
            anyhow::bail!(
                "{}: refusing to generate into a folder that is not empty; give a new folder",
                out.display()
            );
        }
    }
    let articles = out.join("articles");
    std::fs::create_dir_all(&articles)
        .with_context(|| format!("{}: cannot create", articles.display()))?;
    std::fs::write(out.join("site.toml"), press_content::config::SITE_TOML)
        .with_context(|| format!("{}: cannot write site.toml", out.display()))?;
    let authors = out.join("authors");
    std::fs::create_dir_all(&authors)
        .with_context(|| format!("{}: cannot create", authors.display()))?;
    for index in 0..AUTHORS {
        let name = author_name(index);
        let profile = format!(
            "name = \"{name}\"\nrole = \"{} correspondent\"\nbio = \"{name} writes for the synthetic desk.\"\n",
            capitalise(SECTIONS[index % SECTIONS.len()].rsplit('/').next().unwrap_or("news"))
        );
        std::fs::write(authors.join(format!("{}.toml", slugify(&name))), profile)
            .with_context(|| format!("cannot write the profile of {name}"))?;
    }
    let vocabulary = Vocabulary::new(seed);
    (0..count).into_par_iter().try_for_each(|index| {
        let (name, text) = article(&vocabulary, seed, index, shape);
        // Spread files over folders of 1,000 so no folder grows huge.
        let folder = articles.join(format!("{:04}", index / 1000));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(name), text)
            .with_context(|| format!("cannot write generated article {index}"))
    })
}

fn sentence(random: &mut Random, vocabulary: &Vocabulary, topic: usize, words: usize) -> String {
    let mut text = String::new();
    for position in 0..words {
        let word = if random.below_usize(10) < 3 {
            &vocabulary.topics[topic][random.below_usize(TOPIC_WORDS)]
        } else {
            &vocabulary.general[random.below_usize(GENERAL_WORDS)]
        };
        if position > 0 {
            text.push(' ');
        }
        text.push_str(word);
    }
    capitalise(&text) + "."
}

/// The name of generated writer `index`: distinct for every index below
/// [`AUTHORS`] (the surname ends in two letters from the index).
fn author_name(index: usize) -> String {
    let letters: String = [index / 26 % 26, index % 26]
        .iter()
        .map(|&n| char::from(b'a' + n as u8))
        .collect();
    format!(
        "{} {}{letters}",
        capitalise(&word(9_000 + index as u64)),
        capitalise(&word(19_000 + index as u64 * 7))
    )
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn article(vocabulary: &Vocabulary, seed: u64, index: usize, shape: Shape) -> (String, String) {
    let mut random = Random(seed.wrapping_mul(31).wrapping_add(index as u64));
    let topic = random.below_usize(TOPICS);
    let section = SECTIONS[topic % SECTIONS.len()];
    let headline_words = if shape.long {
        18 + random.below_usize(15)
    } else {
        5 + random.below_usize(5)
    };
    let headline = sentence(&mut random, vocabulary, topic, headline_words);
    let headline = headline.trim_end_matches('.').to_owned();
    let standfirst_words = if shape.long {
        60 + random.below_usize(41)
    } else {
        18 + random.below_usize(12)
    };
    let standfirst = sentence(&mut random, vocabulary, topic, standfirst_words);
    // Three years of publishing, minute resolution.
    let minutes = random.below_usize(3 * 365 * 24 * 60) as i64;
    let published =
        chrono::DateTime::from_timestamp(1_672_531_200 + minutes * 60, 0).unwrap_or_default();
    let slug = format!(
        "{}-{index}",
        slugify(&headline)
            .chars()
            .take(60)
            .collect::<String>()
            .trim_end_matches('-')
    );
    // The topic's first two words, or its first two different ones: a word
    // can come out twice, and a story lists a tag once.
    let words = &vocabulary.topics[topic];
    let second = words[1..]
        .iter()
        .find(|w| **w != words[0])
        .unwrap_or(&words[1]);
    let tags = [words[0].clone(), second.clone()];

    let mut text = String::with_capacity(4096);
    let _ = writeln!(text, "+++");
    let _ = writeln!(text, "headline = \"{headline}\"");
    let _ = writeln!(text, "standfirst = \"{standfirst}\"");
    let _ = writeln!(text, "section = \"{section}\"");
    // One writer, or two on one story in five.
    let writer = random.below_usize(AUTHORS);
    if random.below_usize(5) == 0 {
        let _ = writeln!(
            text,
            "byline = [\"{}\", \"{}\"]",
            author_name(writer),
            author_name((writer + 1 + random.below_usize(AUTHORS - 1)) % AUTHORS)
        );
    } else {
        let _ = writeln!(text, "byline = [\"{}\"]", author_name(writer));
    }
    let _ = writeln!(
        text,
        "published = \"{}\"",
        published.format("%Y-%m-%dT%H:%M:%SZ")
    );
    let _ = writeln!(text, "tags = [\"{}\", \"{}\"]", tags[0], tags[1]);
    let _ = writeln!(text, "slug = \"{slug}\"");
    let _ = writeln!(text, "+++\n");
    let paragraphs = 5 + random.below_usize(10);
    for number in 0..paragraphs {
        if number == 3 {
            let _ = writeln!(
                text,
                "## {}\n",
                sentence(&mut random, vocabulary, topic, 4).trim_end_matches('.')
            );
        }
        if number == 5 {
            let _ = writeln!(
                text,
                "> {}\n>\n> — {}\n",
                sentence(&mut random, vocabulary, topic, 14),
                capitalise(&word(index as u64))
            );
        }
        let sentences = 2 + random.below_usize(4);
        let paragraph: Vec<String> = (0..sentences)
            .map(|_| {
                let words = 8 + random.below_usize(14);
                sentence(&mut random, vocabulary, topic, words)
            })
            .collect();
        let _ = writeln!(text, "{}\n", paragraph.join(" "));
    }
    let name = format!("{}-{slug}.md", published.format("%Y-%m-%d"));
    (name, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_articles_are_deterministic_and_vary() {
        let vocabulary = Vocabulary::new(1);
        let short = Shape::default();
        let a = article(&vocabulary, 1, 5, short);
        assert_eq!(a, article(&vocabulary, 1, 5, short));
        assert_ne!(a.1, article(&vocabulary, 1, 6, short).1);
    }

    #[test]
    fn generated_writers_are_distinct() {
        let names: std::collections::HashSet<String> = (0..AUTHORS).map(author_name).collect();
        assert_eq!(names.len(), AUTHORS);
        let slugs: std::collections::HashSet<String> = names.iter().map(|n| slugify(n)).collect();
        assert_eq!(slugs.len(), AUTHORS);
    }

    #[test]
    fn long_shape_writes_long_headlines_and_standfirsts() {
        let vocabulary = Vocabulary::new(1);
        let words = |text: &str, key: &str| {
            let line = text.lines().find(|l| l.starts_with(key)).unwrap();
            line.split_whitespace().count() - 2
        };
        for index in 0..20 {
            let (_, short) = article(&vocabulary, 1, index, Shape::default());
            let (_, long) = article(&vocabulary, 1, index, Shape { long: true });
            assert!(words(&short, "headline") <= 9, "{short}");
            assert!(words(&long, "headline") >= 18, "{long}");
            assert!(words(&long, "standfirst") >= 60, "{long}");
        }
    }
}
