//! Query words that start with `-`. `search -trump kim` and `search '-trump kim'` use the
//! query language's NOT; clap alone would read them as flags and fail. For the commands
//! that take a query (`search` itself and `search export`), a word that is no flag of
//! theirs is moved after `--`, with the other query words in their order, and the command
//! line parsed again. A word that is a flag stays one: `search -n 5 kim`.

use std::ffi::OsString;

use clap::{Arg, Command};

/// The id of the positional argument that holds a query.
const QUERY: &str = "query";

/// `args` (program name first) with the query words moved after `--`, when the command
/// takes a query and some word that starts with `-` is no flag of it; else `None`.
pub fn queries_after_escape(root: &Command, args: &[OsString]) -> Option<Vec<OsString>> {
    let mut command = root;
    let mut kept: Vec<OsString> = args.first().cloned().into_iter().collect();
    let mut words: Vec<OsString> = Vec::new();
    let mut moved = false;
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let Some(text) = arg.to_str() else {
            words.push(arg.clone());
            continue;
        };
        if text == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, attached) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            let flag = find(command, root, |a| {
                a.get_long_and_visible_aliases()
                    .is_some_and(|names| names.contains(&name))
            });
            match flag {
                Some(flag) => {
                    kept.push(arg.clone());
                    if !attached {
                        kept.extend(rest.by_ref().take(values_after(flag)).cloned());
                    }
                }
                // `--bogus` is a mistyped flag, for clap to name; `---kim` or `--—` is
                // no flag's name at all, so a query word.
                None if could_be_flag(name) => kept.push(arg.clone()),
                None => {
                    words.push(arg.clone());
                    moved = true;
                }
            }
            continue;
        }
        if text.len() > 1 && text.starts_with('-') {
            match short(command, root, &text[1..]) {
                Short::Flag => kept.push(arg.clone()),
                Short::Option(n) => {
                    kept.push(arg.clone());
                    kept.extend(rest.by_ref().take(n).cloned());
                }
                Short::Word => {
                    words.push(arg.clone());
                    moved = true;
                }
            }
            continue;
        }
        let subcommand = (std::ptr::eq(command, root) && words.is_empty())
            .then(|| {
                root.get_subcommands()
                    .find(|s| s.get_name_and_visible_aliases().contains(&text))
            })
            .flatten();
        match subcommand {
            Some(sub) => {
                command = sub;
                kept.push(arg.clone());
            }
            None => words.push(arg.clone()),
        }
    }
    let takes_query = command.get_positionals().any(|a| a.get_id() == QUERY);
    if !moved || !takes_query {
        return None;
    }
    kept.push("--".into());
    kept.extend(words);
    Some(kept)
}

/// Whether `name` (after `--`) could be a flag's: a letter, then letters, digits and
/// dashes, as long as a flag's name can be.
fn could_be_flag(name: &str) -> bool {
    const LONGEST: usize = 40;
    name.len() <= LONGEST
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// What a word that starts with one `-` is to `command`.
enum Short {
    /// Flags without values (`-q`, `-hV`).
    Flag,
    /// An option that takes this many of the words after it (`-n 5`; `-n5` takes none).
    Option(usize),
    /// Not a flag: a query word (`-trump`, `-nuclear`, `- *`).
    Word,
}

fn short(command: &Command, root: &Command, letters: &str) -> Short {
    if letters.chars().any(char::is_whitespace) {
        return Short::Word;
    }
    let flag = |c: char| {
        find(command, root, |a| {
            a.get_short_and_visible_aliases()
                .is_some_and(|shorts| shorts.contains(&c))
        })
    };
    let mut chars = letters.chars();
    let Some(first) = chars.next().and_then(flag) else {
        return Short::Word;
    };
    let value = chars.as_str();
    if takes_values(first) {
        let value = value.strip_prefix('=').unwrap_or(value);
        // `-n5` is the limit; `-nuclear` is a word to leave out.
        if value.is_empty() {
            return Short::Option(values_after(first));
        }
        if value.chars().count() > 1 && value.chars().all(char::is_alphabetic) {
            return Short::Word;
        }
        return Short::Option(0);
    }
    if value
        .chars()
        .all(|c| flag(c).is_some_and(|a| !takes_values(a)))
    {
        Short::Flag
    } else {
        Short::Word
    }
}

/// The argument of `command` (or a global one of `root`) that `matches`.
fn find<'a>(
    command: &'a Command,
    root: &'a Command,
    matches: impl Fn(&Arg) -> bool,
) -> Option<&'a Arg> {
    command.get_arguments().find(|a| matches(a)).or_else(|| {
        root.get_arguments()
            .find(|a| a.is_global_set() && matches(a))
    })
}

fn takes_values(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

/// How many of the words after `--flag` are its values.
fn values_after(arg: &Arg) -> usize {
    if !takes_values(arg) {
        return 0;
    }
    arg.get_num_args().map_or(1, |n| n.min_values().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn rewrite(line: &[&str]) -> Option<Vec<String>> {
        let mut root = crate::args::Cli::command();
        root.build();
        let args: Vec<OsString> = std::iter::once("search")
            .chain(line.iter().copied())
            .map(OsString::from)
            .collect();
        queries_after_escape(&root, &args).map(|a| {
            a.into_iter()
                .skip(1)
                .map(|s| s.into_string().unwrap())
                .collect()
        })
    }

    #[test]
    fn words_that_start_with_a_dash_are_moved_after_the_escape() {
        assert_eq!(rewrite(&["-trump kim"]).unwrap(), ["--", "-trump kim"]);
        assert_eq!(
            rewrite(&["kim", "-trump", "--json", "-n", "3"]).unwrap(),
            ["--json", "-n", "3", "--", "kim", "-trump"]
        );
        assert_eq!(rewrite(&["- *"]).unwrap(), ["--", "- *"]);
        assert_eq!(
            rewrite(&["-nuclear", "kim"]).unwrap(),
            ["--", "-nuclear", "kim"]
        );
        assert_eq!(rewrite(&["-hillary"]).unwrap(), ["--", "-hillary"]);
        assert_eq!(
            rewrite(&["--index", "-x", "kim", "-trump"]).unwrap(),
            ["--index", "-x", "--", "kim", "-trump"]
        );
        assert_eq!(
            rewrite(&["export", "-trump", "--format", "es-bulk"]).unwrap(),
            ["export", "--format", "es-bulk", "--", "-trump"]
        );
        assert_eq!(
            rewrite(&["kim", "--sort", "-date", "-trump"]).unwrap(),
            ["--sort", "-date", "--", "kim", "-trump"]
        );
    }

    #[test]
    fn words_after_two_dashes_that_name_no_flag_are_query_words() {
        let dashes = format!("{}kim", "-".repeat(50_000));
        assert_eq!(rewrite(&[&dashes]).unwrap(), ["--", dashes.as_str()]);
        assert_eq!(
            rewrite(&["---kim", "-n", "2"]).unwrap(),
            ["-n", "2", "--", "---kim"]
        );
        assert_eq!(rewrite(&["kim", "--—"]).unwrap(), ["--", "kim", "--—"]);
        assert_eq!(
            rewrite(&["--\"nuclear test\""]).unwrap(),
            ["--", "--\"nuclear test\""]
        );
        // A mistyped flag stays one, for clap to name.
        assert_eq!(rewrite(&["--bogus-flag", "kim"]), None);
        assert_eq!(
            rewrite(&["--limt=5", "-trump"]).unwrap(),
            ["--limt=5", "--", "-trump"]
        );
    }

    #[test]
    fn flags_and_commands_without_a_query_are_left_alone() {
        assert_eq!(rewrite(&["-n", "5", "kim"]), None);
        assert_eq!(rewrite(&["-n5", "kim"]), None);
        assert_eq!(rewrite(&["kim", "--sort", "-date"]), None);
        assert_eq!(rewrite(&["-h"]), None);
        assert_eq!(rewrite(&["index", "-trump"]), None);
        assert_eq!(rewrite(&["show", "-abc"]), None);
        assert_eq!(rewrite(&["--", "-trump"]), None);
    }
}
