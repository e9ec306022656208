//! Reading the controls and the binding from JSON data by hand, not by
//! serde's derived `Deserialize`: both Wasm builds carry this reader, and the
//! derived one (its untagged `Mapped` buffers each value to try each shape)
//! made the runtime's optimised `.wasm` 24 KB larger (558,685 bytes against
//! 534,289). The JSON text is read by `crate::json`, the form's own reader.
//! Every refusal says where and what, in the binding's own terms.

use super::derive::{Derive, Test};
use super::input::{Binding, Choice, Control, Controls, Kind, Mapped, MappedMore, Pinned};
use crate::json::Json as Value;

/// An object's entries, sorted by name.
type Map = [(String, Value)];

type Result<T> = std::result::Result<T, String>;

pub fn controls(v: &Value) -> Result<Controls> {
    let o = object(v, "the controls")?;
    let list = match get(o, "controls") {
        None => return Err("missing field `controls`".into()),
        Some(Value::Arr(a)) => a,
        Some(_) => return Err("`controls` must be a list".into()),
    };
    let controls = list.iter().enumerate().map(|(i, c)| control(c, &format!("controls[{i}]"))).collect::<Result<_>>()?;
    Ok(Controls { controls })
}

fn control(v: &Value, at: &str) -> Result<Control> {
    let o = object(v, at)?;
    let kind = match opt_str(o, "kind", at)? {
        None | Some("text") => Kind::Text,
        Some("radio") => Kind::Radio,
        Some("checkbox") => Kind::Checkbox,
        Some("select") => Kind::Select,
        Some("hidden") => Kind::Hidden,
        Some(other) => return Err(format!("{at}.kind is \"{other}\": give \"text\", \"radio\", \"checkbox\", \"select\" or \"hidden\"")),
    };
    let options = match get(o, "options") {
        None | Some(Value::Null) => vec![],
        Some(Value::Arr(a)) => a.iter().enumerate().map(|(i, c)| choice(c, &format!("{at}.options[{i}]"))).collect::<Result<_>>()?,
        Some(_) => return Err(format!("{at}.options must be a list")),
    };
    Ok(Control {
        name: req_str(o, "name", at)?.to_owned(),
        kind,
        label: opt_str(o, "label", at)?.unwrap_or_default().to_owned(),
        value: opt_str(o, "value", at)?.map(str::to_owned),
        options,
    })
}

fn choice(v: &Value, at: &str) -> Result<Choice> {
    let o = object(v, at)?;
    Ok(Choice {
        value: req_str(o, "value", at)?.to_owned(),
        label: opt_str(o, "label", at)?.unwrap_or_default().to_owned(),
        checked: opt_bool(o, "checked", at)?,
        exclusive: opt_bool(o, "exclusive", at)?,
    })
}

pub fn binding(v: &Value) -> Result<Binding> {
    let o = object(v, "the binding")?;
    let mut b = Binding::default();
    if let Some(m) = opt_object(o, "mapping", "the binding")? {
        for (k, v) in m {
            b.mapping.insert(k.clone(), mapped(v, &format!("mapping[\"{k}\"]"))?);
        }
    }
    b.answers = opt_object(o, "answers", "the binding")?.map(to_map).unwrap_or_default();
    b.fallbacks = opt_object(o, "fallbacks", "the binding")?.map(to_map).unwrap_or_default();
    b.not_screened = opt_object(o, "notScreened", "the binding")?.map(to_map).unwrap_or_default();
    b.not_collected = match get(o, "notCollected") {
        None | Some(Value::Null) => vec![],
        Some(Value::Arr(a)) => a
            .iter()
            .map(|x| x.as_str().map(str::to_owned).ok_or("notCollected must be a list of field paths"))
            .collect::<std::result::Result<_, _>>()?,
        Some(_) => return Err("notCollected must be a list of field paths".into()),
    };
    b.rule_set = match get(o, "ruleSet") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let p = object(v, "ruleSet")?;
            Some(Pinned { name: req_str(p, "name", "ruleSet")?.to_owned(), version: opt_str(p, "version", "ruleSet")?.map(str::to_owned) })
        }
    };
    Ok(b)
}

fn mapped(v: &Value, at: &str) -> Result<Mapped> {
    if let Some(s) = v.as_str() {
        return Ok(Mapped::Name(s.to_owned()));
    }
    let o = as_object(v)
        .ok_or_else(|| format!("{at} must be a control's name or {{ name, names, options, single, none, startsEmpty, derive }}"))?;
    const KNOWN: [&str; 7] = ["name", "names", "options", "single", "none", "startsEmpty", "derive"];
    if let Some(k) = keys(o).find(|k| !KNOWN.contains(k)) {
        return Err(format!(
            "{at} has \"{k}\", which a mapping does not take: give name, names, options, single, none, startsEmpty or derive"
        ));
    }
    let names = match get(o, "names") {
        None | Some(Value::Null) => None,
        Some(v) => Some(strings(v, &format!("{at}.names"))?),
    };
    Ok(Mapped::More(MappedMore {
        name: opt_str(o, "name", at)?.map(str::to_owned),
        names,
        options: opt_object(o, "options", at)?.map(to_map),
        single: opt_bool(o, "single", at)?,
        none: opt_str(o, "none", at)?.map(str::to_owned),
        starts_empty: opt_bool(o, "startsEmpty", at)?,
        derive: match get(o, "derive") {
            None | Some(Value::Null) => None,
            Some(v) => Some(derive(v, &format!("{at}.derive"))?),
        },
    }))
}

fn derive(v: &Value, at: &str) -> Result<Derive> {
    let o = object(v, at)?;
    if let Some(k) = keys(o).find(|k| *k != "anyOf" && *k != "sum") {
        return Err(format!("{at} has \"{k}\": give anyOf (a yes-or-no field) or sum (a number field)"));
    }
    let any_of = match get(o, "anyOf") {
        None | Some(Value::Null) => vec![],
        Some(Value::Arr(a)) => a.iter().enumerate().map(|(i, t)| test(t, &format!("{at}.anyOf[{i}]"))).collect::<Result<_>>()?,
        Some(_) => return Err(format!("{at}.anyOf must be a list of {{ name, is }} or {{ name, atLeast }}")),
    };
    let sum = match get(o, "sum") {
        None | Some(Value::Null) => vec![],
        Some(v) => strings(v, &format!("{at}.sum"))?,
    };
    Ok(Derive { any_of, sum })
}

fn test(v: &Value, at: &str) -> Result<Test> {
    let o = object(v, at)?;
    if let Some(k) = keys(o).find(|k| !["name", "is", "atLeast"].contains(k)) {
        return Err(format!("{at} has \"{k}\": give name, and is or atLeast"));
    }
    let is = match get(o, "is") {
        None | Some(Value::Null) => vec![],
        Some(v) => strings(v, &format!("{at}.is"))?,
    };
    let at_least = match get(o, "atLeast") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_f64().ok_or_else(|| format!("{at}.atLeast must be a number"))?),
    };
    Ok(Test { name: req_str(o, "name", at)?.to_owned(), is, at_least })
}

fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Map> {
    as_object(v).ok_or_else(|| format!("{at} must be an object"))
}

fn as_object(v: &Value) -> Option<&Map> {
    match v {
        Value::Obj(m) => Some(m),
        _ => None,
    }
}

fn get<'a>(o: &'a Map, key: &str) -> Option<&'a Value> {
    o.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &o[i].1)
}

fn keys(o: &Map) -> impl Iterator<Item = &str> {
    o.iter().map(|(k, _)| k.as_str())
}

/// An object as the binding keeps it.
fn to_map(o: &Map) -> crate::json::Map {
    crate::json::Map::from_entries(o)
}

fn opt_object<'a>(o: &'a Map, key: &str, at: &str) -> Result<Option<&'a Map>> {
    match get(o, key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Obj(m)) => Ok(Some(m)),
        Some(_) => Err(format!("{at}: {key} must be an object")),
    }
}

fn req_str<'a>(o: &'a Map, key: &str, at: &str) -> Result<&'a str> {
    opt_str(o, key, at)?.ok_or_else(|| format!("{at}: missing field `{key}`"))
}

fn opt_str<'a>(o: &'a Map, key: &str, at: &str) -> Result<Option<&'a str>> {
    match get(o, key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{at}: {key} must be text")),
    }
}

fn opt_bool(o: &Map, key: &str, at: &str) -> Result<bool> {
    match get(o, key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!("{at}: {key} must be true or false")),
    }
}

fn strings(v: &Value, at: &str) -> Result<Vec<String>> {
    let Value::Arr(a) = v else { return Err(format!("{at} must be a list of text")) };
    Some(a)
        .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
        .ok_or_else(|| format!("{at} must be a list of text"))
}
