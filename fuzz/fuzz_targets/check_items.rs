//! `validate::check_items` on arbitrary UTF-8 text gives, item for item, the verdicts of
//! reading the items with `input::read_items` and checking each on its own, or the same
//! error: the quick one-pass walk never changes a verdict, a label or a name.
#![no_main]

use conductor_sdk::input::read_items;
use conductor_sdk::validate::{ItemKind, check, check_configmap, check_items};
use conductor_sdk::{DocumentKind, OperationResultSpec};
use libfuzzer_sys::fuzz_target;

/// An item's label, namespace, name and outcome.
type Verdict = (String, Option<String>, Option<String>, String);

fn quick(text: &str, kind: ItemKind) -> Result<Vec<Verdict>, String> {
    let mut out = Vec::new();
    check_items(text, kind, |v| {
        let owned = |name: Option<std::borrow::Cow<'_, str>>| name.map(|n| n.into_owned());
        let outcome = format!("{:?}", v.outcome);
        out.push((v.item, owned(v.namespace), owned(v.name), outcome));
    })
    .map_err(|e| e.to_string())?;
    Ok(out)
}

fn one_by_one(text: &str, kind: ItemKind) -> Result<Vec<Verdict>, String> {
    let items = read_items(text).map_err(|e| e.to_string())?;
    let verdict = |item: conductor_sdk::input::InputItem| {
        let configmap = kind == ItemKind::ConfigMap;
        let outcome = if configmap {
            check_configmap(&item.value)
        } else {
            check::<OperationResultSpec>(&item.value)
        };
        let namespace = item.namespace().filter(|_| configmap).map(str::to_owned);
        let name = item.name().filter(|_| configmap).map(str::to_owned);
        (item.item, namespace, name, format!("{outcome:?}"))
    };
    Ok(items.into_iter().map(verdict).collect())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let result = ItemKind::Document(DocumentKind::OperationResult);
    for kind in [ItemKind::ConfigMap, result] {
        assert_eq!(quick(text, kind), one_by_one(text, kind), "{kind:?}");
    }
});
