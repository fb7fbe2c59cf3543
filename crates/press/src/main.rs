//! `press`: the newsroom's command-line build for Broadsheet.
//!
//! The commands only: each parses its arguments, calls the crate that does
//! the work (`press_content` reads and checks, `press_site` builds,
//! `press_popular` counts, `press_import` imports, `press_related` measures
//! related stories), and hands the report to `messages`, which words
//! everything printed.

mod generate;
mod messages;
mod new;
#[cfg(test)]
mod properties;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use press_content::{check, schedule, taxonomy};
use press_import as import;
use press_popular::{self as popular, sample_logs};
use press_related as related;
use press_site::{pipeline, similarity};

/// mimalloc: press allocates millions of small strings and vectors per
/// build (words, terms, postings). Against glibc's allocator it cut a
/// headline edit's processor time at 100,000 stories by a quarter
/// (docs/performance.md). Without transparent huge pages (`no_thp`): with
/// them the kernel zeroed 2 MiB pages for a fifth of the build's time, and
/// peak memory was 10 % higher.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "press",
    version,
    about = "Builds Broadsheet's static JSON API, feeds and sitemap from Markdown articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site data from a content folder (site.toml + articles/).
    Build(BuildArgs),
    /// Build, then build again whenever the content folder changes, keeping
    /// in memory what the next build can reuse: an edit reads and parses
    /// only the files that changed. Prints a line per build on standard
    /// output ("built: …" or "failed: …"); stop it with Ctrl-C.
    Watch(BuildArgs),
    /// Start a story: write a draft with its front matter filled in, and print its path.
    New {
        /// The headline; the slug and the file name come from it.
        headline: String,
        /// A section path from site.toml, such as world/asia.
        #[arg(long)]
        section: String,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The author; default: $BROADSHEET_BYLINE.
        #[arg(long)]
        byline: Option<String>,
        /// The time to write as `published` (RFC 3339); default: now.
        #[arg(long)]
        now: Option<String>,
    },
    /// Check every article and report all problems, without writing anything.
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The pictures' cache, as for `press build`: every picture shown is
        /// read to check it, and made once.
        #[arg(long)]
        cache: Option<PathBuf>,
    },
    /// Measure related stories against exact similarity (brute force) and print JSON:
    /// recall@5, time, share in the same section, duplicates.
    Related {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Articles to measure, spread evenly (brute force costs all articles each).
        #[arg(long, default_value_t = 500)]
        sample: usize,
        #[arg(long, default_value_t = related::PARAMS.query_terms)]
        query_terms: usize,
        #[arg(long, default_value_t = related::PARAMS.index_terms)]
        index_terms: usize,
        #[arg(long, default_value_t = related::PARAMS.postings)]
        postings: usize,
        #[arg(long, default_value_t = related::PARAMS.candidates)]
        candidates: usize,
        #[arg(long, default_value_t = related::PARAMS.kept_terms)]
        kept_terms: usize,
        /// Measure the related stories of this built site (another press's
        /// output, say) instead of computing them.
        #[arg(long)]
        site: Option<PathBuf>,
    },
    /// Write a synthetic content folder of N articles, for scale tests and benchmarks.
    Generate {
        #[arg(long)]
        articles: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Very long headlines and standfirsts, for layout tests.
        #[arg(long)]
        long: bool,
    },
    /// Count "Most popular" from access logs (plain or .gz), or rank counts made elsewhere, into SITE/data/popular.json.
    Popular {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The built site folder (the output of `press build`).
        #[arg(long, default_value = "target/site")]
        site: PathBuf,
        /// Log files; rotated and gzipped ones too; `-` for standard input.
        #[arg(long, num_args = 1.., required_unless_present = "counts", conflicts_with = "counts")]
        logs: Vec<PathBuf>,
        /// The logs' format: combined, cloudfront, cloudflare, netlify or pattern.
        /// Default: `[popular] log_format` in site.toml, else combined.
        #[arg(long)]
        format: Option<String>,
        /// The named-field pattern for `--format pattern`, e.g.
        /// '{address} - {_} [{time:clf}] "{method} {target} {_}" {status} {_} "{_}" "{user_agent}"'.
        #[arg(long)]
        pattern: Option<String>,
        /// Counts made elsewhere (deploy/analytics/, an analytics export):
        /// `path,count` CSV or JSON lines `{"path": …, "count": …}`. press only ranks them.
        #[arg(long)]
        counts: Option<PathBuf>,
        /// Also write the counts press made from the logs, as `path,count` CSV.
        #[arg(long)]
        counts_out: Option<PathBuf>,
        /// Count this many hours back from --now.
        #[arg(long, default_value_t = 24.0)]
        window_hours: f64,
        /// Weigh older reads less: a read this many hours old counts half.
        #[arg(long)]
        half_life_hours: Option<f64>,
        /// End of the window (RFC 3339); default: now.
        #[arg(long)]
        now: Option<String>,
        /// Path prefix the site is served under, such as /news. Default: the
        /// path of `base_url` in site.toml, the one setting for sub-path hosting.
        #[arg(long)]
        base_path: Option<String>,
    },
    /// Print the bot pattern `press popular` uses (one regular expression), as deploy/analytics/*.sql carry it.
    BotPattern,
    /// Write a sample access log with a known true ranking (and LOG.truth.json beside it).
    SampleLogs {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Take the stories from this built site (the output of `press
        /// build`) instead of reading every article of the content; the
        /// content's site.toml still gives the sub-path.
        #[arg(long)]
        site: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        /// combined, cloudfront, cloudflare or netlify.
        #[arg(long, default_value = "combined")]
        format: String,
        #[arg(long, default_value_t = 20_000)]
        lines: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Time of the last line (RFC 3339); default: now.
        #[arg(long)]
        end: Option<String>,
    },
    /// Import an archive into a content folder: CSV or JSON Lines by column name, or a WordPress export.
    Import {
        /// A CSV file with a header row, JSON Lines (one object per line), or a
        /// WordPress export (WXR, from Tools → Export).
        input: PathBuf,
        /// The content folder to write into (site.toml and articles/); importing
        /// again updates what changed and never duplicates a story.
        #[arg(long)]
        out: PathBuf,
        /// csv, jsonl or wordpress; default: from the file's extension.
        #[arg(long)]
        from: Option<String>,
        /// Columns (or JSON keys) with other names: FIELD=COLUMN, comma-separated,
        /// such as headline=title,body=text. Fields: headline, body, date, url,
        /// standfirst, section, byline, tags, slug, updated.
        #[arg(long)]
        map: Vec<String>,
        /// The file's text encoding when it is not UTF-8, such as windows-1252.
        #[arg(long)]
        encoding: Option<String>,
        /// Section for stories without one that no rule places.
        #[arg(long, default_value = "world")]
        default_section: String,
        /// Byline of stories without one.
        #[arg(long, default_value = "Staff")]
        byline: String,
        /// A closing line for each story with a source URL, linked to it, such as
        /// "First published by Wikinews under CC BY 2.5".
        #[arg(long)]
        credit: Option<String>,
        /// WordPress: CATEGORY=SECTION pairs, comma-separated, such as news=world.
        #[arg(long)]
        map_category: Vec<String>,
        /// WordPress: a TOML file of `category = "section/path"` lines.
        #[arg(long)]
        category_map: Option<PathBuf>,
        /// WordPress: import pages too (into the default section).
        #[arg(long)]
        pages: bool,
        /// WordPress: a local copy of the site's wp-content/uploads; featured
        /// and inline images found there are copied into images/uploads/.
        #[arg(long)]
        uploads: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct BuildArgs {
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Output folder: data/, feeds/, sitemap.xml and robots.txt go here, replaced atomically.
    #[arg(long, default_value = "target/site")]
    out: PathBuf,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// The build's time (RFC 3339): stories are published from their `published`
    /// time until their `expires` time. Default: now.
    #[arg(long)]
    now: Option<String>,
    /// Include drafts, marked "Draft" and never indexable (local preview only).
    #[arg(long)]
    drafts: bool,
    /// Write no search index (`data/search/`): for a site without search,
    /// and to measure what the index costs.
    #[arg(long)]
    no_search: bool,
    /// The pictures' cache (made photos, kept between builds).
    /// Default: .press-cache/ in the content folder.
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Write the paths this build wrote (`+ path`) and deleted (`- path`)
    /// to FILE, for a deploy that uploads only those (docs/deploy.md).
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    /// Write every file from nothing instead of starting from the
    /// previous output's (the output is the same, byte for byte).
    #[arg(long)]
    full: bool,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            messages::error(&error);
            ExitCode::FAILURE
        }
    }
}

fn parse_time_option(flag: &str, value: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>> {
    match value {
        None => Ok(chrono::Utc::now()),
        Some(text) => chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|e| anyhow::anyhow!("{flag} {text:?}: not an RFC 3339 time ({e})")),
    }
}

impl BuildArgs {
    /// The build's options, whether to be quiet, and the changes file.
    fn options(self) -> Result<(pipeline::BuildOptions, bool, Option<PathBuf>)> {
        let options = pipeline::BuildOptions {
            cache: self.cache,
            full: self.full,
            content: self.content,
            out: self.out,
            progress: !self.quiet,
            search: !self.no_search,
            publication: schedule::Publication {
                now: parse_time_option("--now", self.now.as_deref())?,
                drafts: self.drafts,
            },
        };
        Ok((options, self.quiet, self.changes))
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build(args) => {
            let (options, quiet, changes) = args.options()?;
            let report = pipeline::build(&options)?;
            if let Some(file) = &changes {
                broadsheet_output::replace_file(file, report.changes.to_text().as_bytes())?;
            }
            if !quiet {
                messages::build_summary(&report, &options.out);
                messages::schedule_summary(
                    &report.schedule,
                    &pipeline::schedule_file(&options.out),
                );
            }
            Ok(())
        }
        Command::Watch(args) => {
            let fixed_now = args.now.is_some();
            let (options, quiet, changes) = args.options()?;
            watch::watch(options, fixed_now, quiet, changes)
        }
        Command::New {
            headline,
            section,
            content,
            byline,
            now,
        } => {
            let path = new::new_article(&new::NewOptions {
                content: &content,
                section: &section,
                headline: &headline,
                byline,
                now: parse_time_option("--now", now.as_deref())?,
            })?;
            println!("{}", path.display());
            Ok(())
        }
        Command::Check { content, cache } => {
            let (config, mut drafts, mut authors) = check::check_all(&content)?;
            let cache = cache.unwrap_or_else(|| press_site::pictures::default_cache(&content));
            press_site::pictures::prepare(
                config.images_dir.as_deref(),
                &cache,
                &mut drafts,
                &mut authors,
            )?;
            let taxonomy = taxonomy::build(authors, &drafts);
            messages::warnings(&taxonomy.warnings);
            messages::warnings(&similarity::duplicate_warnings(&drafts));
            messages::check_summary(drafts.len());
            Ok(())
        }
        Command::Related {
            content,
            sample,
            query_terms,
            index_terms,
            postings,
            candidates,
            kept_terms,
            site,
        } => {
            let (config, drafts) = check::check(&content)?;
            let docs = similarity::similarity_docs(&drafts);
            let words = similarity::site_words(&config.language, &drafts);
            if let Some(site) = site {
                let index: std::collections::HashMap<String, usize> = drafts
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.path.url(), i))
                    .collect();
                let mut relations = related::Relations::default();
                for draft in &drafts {
                    let file = site.join(format!("data/articles{}.json", draft.path.url()));
                    let bytes = std::fs::read(&file)
                        .with_context(|| format!("{}: cannot read", file.display()))?;
                    let article: broadsheet_model::Article = serde_json::from_slice(&bytes)
                        .with_context(|| format!("{}: not an article", file.display()))?;
                    relations.related.push(
                        article
                            .related
                            .iter()
                            .filter_map(|t| index.get(&t.url).copied())
                            .collect(),
                    );
                }
                let recall = related::recall(&docs, &relations, sample, &words);
                println!("{}", serde_json::to_string_pretty(&recall)?);
                return Ok(());
            }
            let params = related::Params {
                query_terms,
                index_terms,
                postings,
                candidates,
                kept_terms,
            };
            let report = related::measure(&docs, &params, sample, &words);
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(())
        }
        Command::Generate {
            articles,
            out,
            seed,
            long,
        } => {
            generate::generate(&out, articles, seed, generate::Shape { long })?;
            eprintln!(
                "press: wrote {articles} synthetic articles into {}",
                out.display()
            );
            Ok(())
        }
        Command::Popular {
            content,
            site,
            logs,
            window_hours,
            half_life_hours,
            now,
            base_path,
            format,
            pattern,
            counts,
            counts_out,
        } => {
            let format = match (format, pattern) {
                (None, None) => None,
                (format, pattern) => Some(
                    popular::log_format::LogFormat::from_name(
                        format.as_deref().unwrap_or("pattern"),
                        pattern.as_deref(),
                    )
                    .map_err(|why| anyhow::anyhow!("--format: {why}"))?,
                ),
            };
            let (target, report) = popular::run(&popular::PopularOptions {
                content,
                site,
                input: match counts {
                    Some(file) => popular::Input::Counts(file),
                    None => popular::Input::Logs { logs, format },
                },
                counts_out,
                window_hours,
                half_life_hours,
                now: parse_time_option("--now", now.as_deref())?,
                base_path,
            })?;
            messages::popular_summary(&target, &report);
            Ok(())
        }
        Command::BotPattern => {
            println!("{}", popular::bot_pattern());
            Ok(())
        }
        Command::SampleLogs {
            content,
            site,
            out,
            format,
            lines,
            seed,
            end,
        } => {
            let (config, urls) = match site {
                Some(site) => (
                    press_content::config::SiteConfig::load(&content.join("site.toml"))?,
                    popular::built::urls(&site)?,
                ),
                None => {
                    let (config, drafts) = check::check(&content)?;
                    let urls = drafts.iter().map(|d| d.path.url()).collect();
                    (config, urls)
                }
            };
            // As a host logs them: with the sub-path the site is served under.
            let base = config.base_path();
            let urls: Vec<String> = urls.iter().map(|url| format!("{base}{url}")).collect();
            let end = parse_time_option("--end", end.as_deref())?;
            let format = popular::log_format::LogFormat::from_name(&format, None)
                .map_err(|why| anyhow::anyhow!("--format: {why}"))?;
            let truth = sample_logs::write(&urls, &out, &format, lines, seed, end)?;
            if out.as_os_str() != "-" {
                eprintln!(
                    "press: wrote a sample log to {} ({} articles read; truth in {})",
                    out.display(),
                    truth.len(),
                    sample_logs::truth_path(&out).display()
                );
            }
            Ok(())
        }
        Command::Import {
            input,
            out,
            from,
            map,
            encoding,
            default_section,
            byline,
            credit,
            map_category,
            category_map,
            pages,
            uploads,
        } => {
            let options = import::Options {
                input,
                out: out.clone(),
                format: from.as_deref().map(import::Format::from_name).transpose()?,
                map,
                encoding,
                default_section,
                byline,
                credit,
                category_map: map_category,
                category_map_file: category_map,
                pages,
                uploads,
            };
            let report = import::import(&options)?;
            messages::import_summary(&report, &out);
            Ok(())
        }
    }
}
