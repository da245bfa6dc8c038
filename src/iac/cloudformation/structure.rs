//! What is read off a template as written, before any evaluation: the logical IDs an expression refers to (how a
//! resource names its function without knowing ARNs) and SAM's merge of `Globals` into a function.

use super::intrinsics::{intrinsic, located};
use crate::iac::yaml::{Node, Value};

/// The logical IDs `node` refers to (`Ref`, `Fn::GetAtt`, `${Id}` and `${Id.Attr}` in `Fn::Sub`), anywhere in it:
/// how a mapping, rule or integration names its function without knowing ARNs.
pub fn refs(node: &Node, out: &mut Vec<String>) {
    if let Some((name, arg)) = intrinsic(node) {
        match name.as_str() {
            "Ref" => out.extend(arg.as_str().map(str::to_string)),
            "Fn::GetAtt" => match (arg.as_str(), arg.as_seq()) {
                (Some(s), _) => out.push(s.split('.').next().unwrap_or(s).to_string()),
                (_, Some(items)) => out.extend(items.first().and_then(Node::as_str).map(str::to_string)),
                _ => {}
            },
            "Fn::Sub" => {
                let template = arg.as_seq().and_then(<[Node]>::first).unwrap_or(arg);
                let mut rest = template.as_str().unwrap_or("");
                while let Some(start) = rest.find("${") {
                    let after = &rest[start + 2..];
                    let end = after.find('}').unwrap_or(after.len());
                    let name = &after[..end];
                    if !name.starts_with('!') && !name.starts_with("AWS::") {
                        out.push(name.split('.').next().unwrap_or(name).trim().to_string());
                    }
                    rest = after.get(end + 1..).unwrap_or("");
                }
            }
            _ => {}
        }
    }
    match &node.value {
        Value::Scalar { .. } => {}
        Value::Seq(items) => items.iter().for_each(|i| refs(i, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| refs(v, out)),
    }
}

/// `local` over `global` as SAM merges `Globals` into a resource: mappings merged key by key (the resource's
/// value winning), lists concatenated (Globals' items first), anything else (a scalar, an intrinsic function, a
/// type mismatch) the resource's (aws/serverless-application-model samtranslator/plugins/globals/globals.py).
pub fn merge(global: &Node, local: &Node) -> Node {
    let plain = |n: &Node| n.tag.is_none() && intrinsic(n).is_none();
    match (&global.value, &local.value) {
        (Value::Map(g), Value::Map(l)) if plain(global) && plain(local) => {
            let mut out: Vec<(Node, Node)> = Vec::with_capacity(g.len() + l.len());
            for (k, gv) in g {
                match l.iter().find(|(lk, _)| lk.value == k.value) {
                    Some((lk, lv)) => out.push((lk.clone(), merge(gv, lv))),
                    None => out.push((k.clone(), gv.clone())),
                }
            }
            out.extend(l.iter().filter(|(lk, _)| !g.iter().any(|(k, _)| k.value == lk.value)).cloned());
            located(local, Value::Map(out))
        }
        (Value::Seq(g), Value::Seq(l)) if plain(global) && plain(local) => {
            located(local, Value::Seq(g.iter().chain(l).cloned().collect()))
        }
        _ => local.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::yaml::parse;

    #[test]
    fn globals_merge_maps_and_concatenate_lists() {
        let doc =
            parse("t.yaml", "g: {A: 1, M: {x: 1, y: 2}, L: [a]}\nl: {A: 2, M: {y: 3}, L: [b], I: !Ref Z}\n").unwrap();
        let m = merge(doc.get("g").unwrap(), doc.get("l").unwrap());
        assert_eq!(m.get("A").unwrap().as_u64(), Some(2));
        assert_eq!(m.get("M").unwrap().get("x").unwrap().as_u64(), Some(1));
        assert_eq!(m.get("M").unwrap().get("y").unwrap().as_u64(), Some(3));
        let l: Vec<&str> = m.get("L").unwrap().as_seq().unwrap().iter().filter_map(Node::as_str).collect();
        assert_eq!(l, ["a", "b"]);
        assert_eq!(m.get("I").unwrap().tag.as_deref(), Some("!Ref"));
    }
}
