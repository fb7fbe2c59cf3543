//! `content/site.toml`: site name, base URL and the section tree.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use broadsheet_model::{SectionNode, SectionPath, SectionRef};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    name: String,
    #[serde(default)]
    tagline: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_page_size")]
    section_page_size: usize,
    sections: Vec<RawSection>,
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_page_size() -> usize {
    20
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    path: String,
    name: String,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub name: String,
    pub tagline: String,
    /// Without a trailing slash.
    pub base_url: String,
    pub language: String,
    pub section_page_size: usize,
    /// Sections in navigation order (parents before their children).
    pub sections: Vec<Section>,
    by_path: BTreeMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub path: SectionPath,
    pub name: String,
}

impl Section {
    pub fn reference(&self) -> SectionRef {
        SectionRef {
            path: self.path.as_path(),
            name: self.name.clone(),
        }
    }
}

impl SiteConfig {
    pub fn load(path: &Path) -> Result<SiteConfig> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the site configuration", path.display()))?;
        SiteConfig::parse(&text)
            .with_context(|| format!("{}: invalid site configuration", path.display()))
    }

    pub fn parse(text: &str) -> Result<SiteConfig> {
        let raw: RawConfig = toml::from_str(text)?;
        let base_url = raw.base_url.trim_end_matches('/').to_owned();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            bail!(
                "field `base_url`: must start with https:// or http://, found {:?}",
                raw.base_url
            );
        }
        if raw.section_page_size == 0 {
            bail!("field `section_page_size`: must be at least 1");
        }
        let mut sections = Vec::new();
        let mut by_path = BTreeMap::new();
        for (index, raw_section) in raw.sections.iter().enumerate() {
            let Some(path) = SectionPath::parse(&raw_section.path) else {
                bail!("field `sections[{index}].path`: {:?} is not a valid section path (lowercase letters, digits and hyphens, separated by /)", raw_section.path);
            };
            let ancestors = path.ancestors_and_self();
            if let Some(parent) = ancestors.iter().rev().nth(1) {
                if !by_path.contains_key(&parent.as_path()) {
                    bail!("field `sections[{index}].path`: parent section `{parent}` of `{path}` must be listed before it");
                }
            }
            if by_path.insert(path.as_path(), sections.len()).is_some() {
                bail!("field `sections[{index}].path`: section `{path}` is listed twice");
            }
            sections.push(Section {
                path,
                name: raw_section.name.clone(),
            });
        }
        if sections.is_empty() {
            bail!("field `sections`: at least one section is needed");
        }
        Ok(SiteConfig {
            name: raw.name,
            tagline: raw.tagline,
            base_url,
            language: raw.language,
            section_page_size: raw.section_page_size,
            sections,
            by_path,
        })
    }

    pub fn section(&self, path: &str) -> Option<&Section> {
        self.by_path.get(path).map(|&index| &self.sections[index])
    }

    /// Ancestors of a section, outermost first, the section itself last.
    pub fn trail(&self, path: &SectionPath) -> Vec<SectionRef> {
        path.ancestors_and_self()
            .iter()
            .filter_map(|p| self.section(&p.as_path()))
            .map(Section::reference)
            .collect()
    }

    /// Direct children of a section, in configuration order.
    pub fn children(&self, path: &SectionPath) -> Vec<&Section> {
        let depth = path.segments().len();
        self.sections
            .iter()
            .filter(|s| {
                s.path.segments().len() == depth + 1
                    && s.path.segments().starts_with(path.segments())
            })
            .collect()
    }

    pub fn top_level(&self) -> impl Iterator<Item = &Section> {
        self.sections
            .iter()
            .filter(|s| s.path.segments().len() == 1)
    }

    /// The section tree as written into `site.json`.
    pub fn tree(&self) -> Vec<SectionNode> {
        fn node(config: &SiteConfig, section: &Section) -> SectionNode {
            SectionNode {
                path: section.path.as_path(),
                name: section.name.clone(),
                children: config
                    .children(&section.path)
                    .into_iter()
                    .map(|c| node(config, c))
                    .collect(),
            }
        }
        self.top_level().map(|s| node(self, s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "Test"
base_url = "https://example.org/"
[[sections]]
path = "world"
name = "World"
[[sections]]
path = "world/asia"
name = "Asia"
[[sections]]
path = "sport"
name = "Sport"
"#;

    #[test]
    fn tree_and_trail() {
        let config = SiteConfig::parse(GOOD).unwrap();
        assert_eq!(config.base_url, "https://example.org");
        let tree = config.tree();
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children[0].path, "world/asia");
        let trail = config.trail(&SectionPath::parse("world/asia").unwrap());
        assert_eq!(
            trail.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["World", "Asia"]
        );
    }

    #[test]
    fn orphan_and_duplicate_sections_are_rejected() {
        let orphan = GOOD.replace("path = \"world/asia\"", "path = \"europe/asia\"");
        assert!(SiteConfig::parse(&orphan)
            .unwrap_err()
            .to_string()
            .contains("parent section"));
        let twice = format!("{GOOD}\n[[sections]]\npath = \"sport\"\nname = \"Again\"\n");
        assert!(SiteConfig::parse(&twice)
            .unwrap_err()
            .to_string()
            .contains("twice"));
        let bad_url = GOOD.replace("https://example.org/", "example.org");
        assert!(SiteConfig::parse(&bad_url)
            .unwrap_err()
            .to_string()
            .contains("base_url"));
    }
}
