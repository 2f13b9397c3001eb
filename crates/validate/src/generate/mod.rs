//! `validate generate`: responses drawn from the model's proptest
//! strategies, conforming or broken on purpose, written as JSON files,
//! NDJSON or a HAR archive.
//!
//! Output is streamed: payloads are made on worker threads, written in
//! order and dropped, so corpora of any size run in constant memory.

mod corpus;
mod files;
mod har;
mod ndjson;
mod parallel;
mod range;
mod stream;

pub use corpus::{Corpus, Generated};
pub use files::Files;
pub use har::ORIGIN;
pub use range::{IntegrationRange, MAX_INTEGRATIONS, RangeError};
pub use stream::STDOUT;

use std::io::Write;

use mechanics_model::endpoint_by_name;
use mechanics_model::strategies::Breakage;

use crate::cli::{BreakRule, GenerateArgs, GenerateFormat};
use crate::error::Error;
use crate::exit;
use har::Har;
use parallel::{cpu_workers, io_workers, ordered};
use stream::Stream;

/// The most integrations per response when `--integrations` is not given:
/// as many as the model's own property tests use.
const DEFAULT_MOST_INTEGRATIONS: usize = 7;

/// Runs `validate generate`.
pub fn run(args: &GenerateArgs) -> Result<u8, Error> {
    let GenerateArgs {
        count,
        seed,
        integrations,
        breakage,
        drift,
        format,
        out,
    } = args;
    let (count, seed) = (*count, *seed);
    let breakage = breakage.map(|BreakRule(breakage)| breakage);
    let least = breakage.map_or(0, Breakage::min_integrations);
    let sizes = integrations.as_ref().map_or(
        least..DEFAULT_MOST_INTEGRATIONS + 1,
        IntegrationRange::range,
    );
    if let Some(breakage) = breakage
        && sizes.start < least
    {
        return Err(Error::TooFewIntegrations {
            rule: breakage.name(),
            needs: match least {
                1 => "at least one integration per response".to_owned(),
                n => format!("at least {n} integrations per response"),
            },
            start: sizes.start,
        });
    }
    let corpus = || {
        let corpus = Corpus::new(seed, sizes.clone(), breakage);
        if *drift {
            corpus
        } else {
            corpus.documented_only()
        }
    };

    match format {
        GenerateFormat::Json => {
            let files = Files::create(out.clone().ok_or(Error::NoOutDir)?, count)?;
            let write = |index, generated| files.write(index, &generated);
            ordered(count, io_workers(), corpus, write, |_, ()| Ok(()))?;
        }
        GenerateFormat::Ndjson => {
            let mut stream = Stream::open(out.as_deref())?;
            let render = |_, generated| Ok(ndjson::line(&generated));
            ordered(count, cpu_workers(), corpus, render, |_, line| {
                stream.put(&line)
            })?;
            stream.finish()?;
        }
        GenerateFormat::Har => {
            let endpoint = endpoint_by_name("mechanic_integrations")
                .expect("the generated endpoint is registered");
            let har = Har::new(endpoint, seed);
            let mut stream = Stream::open(out.as_deref())?;
            stream.put(&har.opening())?;
            let render = |index, generated| Ok(har.entry(index, &generated));
            ordered(count, cpu_workers(), corpus, render, |index, entry| {
                stream.put(Har::separator(index))?;
                stream.put(&entry)
            })?;
            stream.put(har::CLOSING)?;
            stream.finish()?;
        }
    }

    if let Some(out) = out {
        // Nothing sensible is left to do if stderr is gone.
        let _ = writeln!(
            anstream::stderr(),
            "wrote {count} responses to {}",
            out.display()
        );
    }
    Ok(exit::VALID)
}
