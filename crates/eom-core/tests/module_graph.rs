//! eom-core's modules form a graph without cycles (issue 15): a module that needs another's item
//! sits above it, so each module can be read, tested and changed knowing only the ones below it.
//!
//! The test reads every `.rs` file under `src/` (module path from the file path: `bundle/merge.rs`
//! is `bundle::merge`, `bundle/mod.rs` is `bundle`, `lib.rs` the crate root) and collects the
//! paths it names: `crate::a::b::Item`, `use crate::{a::X, b::{self, Y}}` groups, `super::x`,
//! `self::x`, and a path that starts with a child module this file declares (`merge::apply`).
//! Each resolves to the longest module path that is a file; when the rest names an item that
//! module re-exports (`pub use child::Item`, or a glob `pub use child::*`), the re-export is
//! followed, so `crate::Error` is an edge to `error`, not to the crate root.
//!
//! Parents and children: a parent's `mod x;` and its `pub use x::...` re-exports of its own
//! descendants are its facade and no edges; anything else a parent uses from a child is an edge
//! parent → child, and a child using its parent's items is an edge child → parent. So a parent
//! either delegates to its children or serves them, not both.
//!
//! Comments, strings and `#[cfg(test)]` items (the unit tests may use anything) are left out.
//! It reads this crate's style, not all of Rust: a name imported with `use` counts where it is
//! imported, and `tests/module_graph/lexer.rs` knows comments, strings and char literals only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[path = "module_graph/lexer.rs"]
mod lexer;

use lexer::{Tok, blank, strip_cfg_test, tokens};

type ModPath = Vec<String>;

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// One `use` tree flattened: each path (with `*` as its last segment for a glob) and its alias.
fn use_tree(t: &[(Tok, usize)], i: &mut usize, prefix: ModPath, out: &mut Vec<(ModPath, String)>) {
    let mut path = prefix;
    loop {
        match t.get(*i).map(|x| &x.0) {
            Some(Tok::Ident(s)) if s == "self" && !path.is_empty() => *i += 1,
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                *i += 1;
            }
            Some(Tok::Punct('*')) => {
                path.push("*".into());
                *i += 1;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                while !matches!(t.get(*i).map(|x| &x.0), Some(Tok::Punct('}')) | None) {
                    use_tree(t, i, path.clone(), out);
                    if t.get(*i).map(|x| &x.0) == Some(&Tok::Punct(',')) {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            _ => return,
        }
        match t.get(*i).map(|x| &x.0) {
            Some(Tok::PathSep) => *i += 1,
            Some(Tok::Ident(s)) if s == "as" => {
                let alias = match t.get(*i + 1) {
                    Some((Tok::Ident(a), _)) => a.clone(),
                    _ => String::new(),
                };
                *i += 2;
                out.push((path, alias));
                return;
            }
            _ => {
                let alias = path.last().cloned().unwrap_or_default();
                out.push((path, alias));
                return;
            }
        }
    }
}

/// What one file says: its child modules, items, re-exports and references.
#[derive(Default)]
struct File {
    children: BTreeSet<String>,
    items: BTreeSet<String>,
    /// Re-exported name (`*` for a glob) → the absolute path it stands for.
    reexports: Vec<(String, ModPath)>,
    /// Absolute paths named, with their line and whether they are a re-export of a descendant.
    refs: Vec<(ModPath, usize, bool)>,
}

/// `path` as an absolute path, seen from module `here`; `None` for paths outside the crate.
fn absolute(here: &[String], children: &BTreeSet<String>, path: &[String]) -> Option<ModPath> {
    let first = path.first()?;
    let (mut base, rest) = match first.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (here.to_vec(), &path[1..]),
        "super" => {
            let ups = path.iter().take_while(|s| *s == "super").count();
            let base = here.get(..here.len().checked_sub(ups)?)?.to_vec();
            (base, &path[ups..])
        }
        _ if children.contains(first) => (here.to_vec(), path),
        _ => return None,
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

fn parse(here: &[String], src: &str) -> File {
    let t = tokens(&strip_cfg_test(&blank(src)));
    let ident = |k: usize| match t.get(k) {
        Some((Tok::Ident(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let mut f = File::default();
    for k in 0..t.len() {
        match (ident(k), t.get(k + 2).map(|x| &x.0)) {
            (Some("mod"), Some(Tok::Punct(';' | '{'))) => {
                f.children.insert(ident(k + 1).unwrap_or_default().into());
            }
            (Some("fn" | "struct" | "enum" | "trait" | "type" | "const" | "static"), _) => {
                f.items.extend(ident(k + 1).map(String::from));
            }
            _ => {}
        }
    }
    let mut k = 0;
    while k < t.len() {
        let line = t[k].1;
        if ident(k) == Some("use") {
            let public = (1..=4).any(|b| k >= b && ident(k - b) == Some("pub"));
            k += 1;
            let mut paths = Vec::new();
            use_tree(&t, &mut k, Vec::new(), &mut paths);
            for (path, alias) in paths {
                let glob = path.last().is_some_and(|s| s == "*");
                let path = if glob {
                    &path[..path.len() - 1]
                } else {
                    &path[..]
                };
                let Some(abs) = absolute(here, &f.children, path) else {
                    continue;
                };
                let facade = public && abs.len() > here.len() && abs.starts_with(here);
                if public {
                    f.reexports
                        .push((if glob { "*".into() } else { alias }, abs.clone()));
                }
                f.refs.push((abs, line, facade));
            }
            continue;
        }
        let after_sep = k > 0 && t[k - 1].0 == Tok::PathSep;
        if let (Some(_), false, Some(Tok::PathSep)) =
            (ident(k), after_sep, t.get(k + 1).map(|x| &x.0))
        {
            let mut path = vec![ident(k).unwrap().to_string()];
            while t.get(k + 1).map(|x| &x.0) == Some(&Tok::PathSep) && ident(k + 2).is_some() {
                path.push(ident(k + 2).unwrap().into());
                k += 2;
            }
            if let Some(abs) = absolute(here, &f.children, &path) {
                f.refs.push((abs, line, false));
            }
        }
        k += 1;
    }
    f
}

/// The module `path` belongs to: its longest prefix that is a file, re-exports followed.
fn resolve(files: &BTreeMap<ModPath, File>, path: &[String], depth: usize) -> ModPath {
    let n = (0..=path.len())
        .rev()
        .find(|&n| files.contains_key(&path[..n]))
        .unwrap_or(0);
    let (module, rest) = (&path[..n], &path[n..]);
    let (Some(item), true) = (rest.first(), depth < 8) else {
        return module.to_vec();
    };
    let file = &files[module];
    let named = file.reexports.iter().find(|(alias, _)| alias == item);
    let target = match named {
        Some((_, target)) => Some(target.iter().chain(&rest[1..]).cloned().collect::<Vec<_>>()),
        None if file.items.contains(item) || file.children.contains(item) => None,
        None => file
            .reexports
            .iter()
            .filter(|(a, _)| a == "*")
            .find_map(|(_, glob)| {
                let g = files.get(glob)?;
                let known = g.items.contains(item)
                    || g.reexports.iter().any(|(a, _)| a == item || a == "*");
                known.then(|| glob.iter().chain(rest).cloned().collect())
            }),
    };
    target.map_or_else(|| module.to_vec(), |t| resolve(files, &t, depth + 1))
}

/// A cycle in `graph`, as the list of its nodes (the first one not repeated at the end).
fn find_cycle<N: Ord + Clone>(graph: &BTreeMap<N, BTreeSet<N>>) -> Option<Vec<N>> {
    fn visit<N: Ord + Clone>(
        n: &N,
        g: &BTreeMap<N, BTreeSet<N>>,
        done: &mut BTreeSet<N>,
        stack: &mut Vec<N>,
    ) -> Option<Vec<N>> {
        if let Some(at) = stack.iter().position(|s| s == n) {
            return Some(stack[at..].to_vec());
        }
        if !done.insert(n.clone()) {
            return None;
        }
        stack.push(n.clone());
        for next in g.get(n).into_iter().flatten() {
            if let Some(cycle) = visit(next, g, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

#[test]
fn eom_core_modules_form_a_graph_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap().with_extension("");
                let mut module: ModPath = rel.iter().map(|s| s.to_string_lossy().into()).collect();
                if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                    module.pop();
                }
                sources.push((module, path));
            }
        }
    }
    assert!(
        sources.len() > 40,
        "read {} files under {}",
        sources.len(),
        src.display()
    );
    let files: BTreeMap<ModPath, File> = sources
        .iter()
        .map(|(m, p)| (m.clone(), parse(m, &std::fs::read_to_string(p).unwrap())))
        .collect();
    let mut graph: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    let mut first_use: BTreeMap<(ModPath, ModPath), usize> = BTreeMap::new();
    for (module, file) in &files {
        graph.entry(module.clone()).or_default();
        for (path, line, facade) in &file.refs {
            let target = resolve(&files, path, 0);
            if *facade || target == *module {
                continue;
            }
            graph.get_mut(module).unwrap().insert(target.clone());
            first_use.entry((module.clone(), target)).or_insert(*line);
        }
    }
    // The reader sees what it should: edges the code certainly has, through `super::`, `crate::`
    // and a followed re-export (`crate::keys::ALGORITHM` is `keys::public`'s).
    for (a, b) in [
        ("bundle::file", "bundle::signature"),
        ("migrate", "backup"),
        ("store::rows", "edit_history"),
        ("bundle::signature", "keys::public"),
    ] {
        let split = |m: &str| m.split("::").map(String::from).collect::<ModPath>();
        assert!(
            graph[&split(a)].contains(&split(b)),
            "no edge {a} -> {b} found"
        );
    }
    // Every cycle is reported: after one is found, its closing edge is set aside and the search
    // goes on, so one run shows all there is to untangle.
    let mut report = Vec::new();
    while let Some(cycle) = find_cycle(&graph) {
        for (i, a) in cycle.iter().enumerate() {
            let b = &cycle[(i + 1) % cycle.len()];
            let line = first_use[&(a.clone(), b.clone())];
            report.push(format!("  {} -> {} (line {line})", name(a), name(b)));
        }
        report.push(String::new());
        let (last, first) = (cycle.last().unwrap(), &cycle[0]);
        graph.get_mut(last).unwrap().remove(first);
    }
    assert!(
        report.is_empty(),
        "eom-core has module cycles:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle_and_nothing_else() {
    let graph = |edges: &[(&'static str, &'static str)]| {
        let mut g: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a).or_default().insert(b);
            g.entry(b).or_default();
        }
        g
    };
    let cyclic = graph(&[("d", "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("a", "e")]);
    let mut cycle = find_cycle(&cyclic).expect("a → b → c → a");
    let first = cycle.iter().position(|n| *n == "a").unwrap();
    cycle.rotate_left(first);
    assert_eq!(cycle, ["a", "b", "c"]);
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])),
        None
    );
}

#[test]
fn the_reader_sees_use_groups_relative_paths_and_not_tests_or_comments() {
    let src = r#"
        mod child;
        pub use child::Facade;
        use crate::{a::X, b::{self, c::Y}};
        // crate::commented::Out
        const S: &str = "crate::quoted::Out";
        fn f<'a>(x: &'a str) -> char { super::up::z(); child::g(); 'x' }
        #[cfg(test)]
        mod tests { use crate::tested::Out; }
    "#;
    let here = vec!["m".to_string()];
    let refs: Vec<(String, bool)> = parse(&here, src)
        .refs
        .into_iter()
        .map(|(p, _, facade)| (name(&p), facade))
        .collect();
    let want = [
        ("m::child::Facade", true),
        ("a::X", false),
        ("b", false),
        ("b::c::Y", false),
        ("up::z", false),
        ("m::child::g", false),
    ];
    assert_eq!(refs, want.map(|(p, f)| (p.to_string(), f)));
}
