//! Sections for imported stories without one: keyword rules (topic first,
//! then region), with a default for stories no rule places.

/// Section rules: the first section whose keywords appear at least twice wins.
const TOPIC_RULES: &[(&str, &[&str])] = &[
    (
        "sport",
        &[
            "football",
            "soccer",
            "championship",
            "tournament",
            "league",
            "olympic",
            "tennis",
            "cricket",
            "rugby",
            "medal",
            "coach",
            "match",
            "cup",
            "goals",
            "season",
            "player",
            "players",
            "athletes",
            "race",
        ],
    ),
    (
        "science/climate",
        &[
            "climate",
            "emissions",
            "warming",
            "carbon",
            "glacier",
            "drought",
            "wildfire",
            "wildfires",
        ],
    ),
    (
        "science",
        &[
            "scientists",
            "researchers",
            "study",
            "species",
            "space",
            "nasa",
            "astronomers",
            "planet",
            "fossil",
            "spacecraft",
            "telescope",
            "disease",
            "vaccine",
        ],
    ),
    (
        "technology",
        &[
            "technology",
            "software",
            "internet",
            "computer",
            "cyber",
            "google",
            "facebook",
            "apple",
            "microsoft",
            "online",
            "hackers",
            "smartphone",
        ],
    ),
    (
        "business/markets",
        &["shares", "stock", "investors", "index", "nasdaq", "bonds"],
    ),
    (
        "business",
        &[
            "company",
            "companies",
            "economy",
            "economic",
            "bank",
            "trade",
            "billion",
            "prices",
            "business",
            "market",
            "tariffs",
            "jobs",
        ],
    ),
    (
        "culture",
        &[
            "film", "music", "album", "festival", "museum", "art", "novel", "award", "actor",
            "singer", "band", "theatre", "oscar",
        ],
    ),
];

const REGION_RULES: &[(&str, &[&str])] = &[
    (
        "world/asia",
        &[
            "china",
            "chinese",
            "japan",
            "japanese",
            "india",
            "indian",
            "korea",
            "korean",
            "indonesia",
            "philippines",
            "pakistan",
            "bangladesh",
            "vietnam",
            "thailand",
            "malaysia",
            "afghanistan",
            "taiwan",
            "myanmar",
            "nepal",
            "sri",
        ],
    ),
    (
        "world/europe",
        &[
            "uk",
            "britain",
            "british",
            "england",
            "scotland",
            "france",
            "french",
            "germany",
            "german",
            "italy",
            "italian",
            "spain",
            "spanish",
            "russia",
            "russian",
            "ukraine",
            "poland",
            "netherlands",
            "sweden",
            "ireland",
            "greece",
            "european",
            "brexit",
        ],
    ),
    (
        "world/americas",
        &[
            "united states",
            "us",
            "american",
            "canada",
            "canadian",
            "mexico",
            "brazil",
            "argentina",
            "venezuela",
            "colombia",
            "chile",
            "peru",
            "cuba",
            "trump",
            "washington",
        ],
    ),
    (
        "world/africa",
        &[
            "nigeria",
            "kenya",
            "africa",
            "african",
            "egypt",
            "ethiopia",
            "sudan",
            "congo",
            "ghana",
            "zimbabwe",
            "uganda",
            "somalia",
            "algeria",
            "mali",
            "mozambique",
        ],
    ),
];

pub fn section_for<'a>(title: &str, paragraphs: &[String], default_section: &'a str) -> &'a str
where
    'static: 'a,
{
    let sample = format!(
        "{title} {title} {}",
        paragraphs
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    )
    .to_lowercase();
    let words: Vec<&str> = sample
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let hits = |keywords: &[&str]| {
        keywords
            .iter()
            .map(|k| {
                if k.contains(' ') {
                    sample.matches(k).count()
                } else {
                    words.iter().filter(|w| *w == k).count()
                }
            })
            .sum::<usize>()
    };
    let best = |rules: &'static [(&'static str, &'static [&'static str])], minimum: usize| {
        rules
            .iter()
            .map(|(section, keywords)| (hits(keywords), *section))
            .filter(|(count, _)| *count >= minimum)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, section)| section)
    };
    best(TOPIC_RULES, 3)
        .or_else(|| best(REGION_RULES, 1))
        .unwrap_or(default_section)
}
