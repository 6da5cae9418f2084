//! Splitting inputs into items: labels, order, errors, and one item at a time.

use super::*;

#[test]
fn a_lone_json_document_has_no_item_label() {
    let items = read_items(r#"{"kind":"ConfigMap"}"#).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].item, "");
}

#[test]
fn nested_lists_are_expanded_with_their_path() {
    let text = r#"{"kind":"List","items":[{"kind":"ConfigMap"},
        {"kind":"ConfigMapList","items":[{"kind":"ConfigMap","metadata":{"name":"x"}}]}]}"#;
    let items = read_items(text).unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i.item.as_str()).collect();
    assert_eq!(labels, ["/items/0", "/items/1/items/0"]);
    assert_eq!(items[1].name(), Some("x"));
}

#[test]
fn an_empty_list_holds_no_item_and_an_empty_input_is_an_error() {
    assert_eq!(
        read_items(r#"{"kind":"List","items":[]}"#).unwrap(),
        Vec::new()
    );
    assert_eq!(read_items("# nothing\n"), Err(InputError::Empty));
}

#[test]
fn lists_nested_too_deep_are_refused() {
    let mut text = r#"{"kind":"ConfigMap"}"#.to_owned();
    for _ in 0..=MAX_LIST_NESTING {
        text = format!(r#"{{"kind":"List","items":[{text}]}}"#);
    }
    assert!(matches!(read_items(&text), Err(InputError::TooDeep { .. })));
}

#[test]
fn yaml_streams_label_each_document() {
    let text = "kind: ConfigMap\n---\n# only a comment\n---\nkind: ConfigMap\n";
    let items = read_items(text).unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i.item.as_str()).collect();
    assert_eq!(labels, ["document 1", "document 3"]);
}

#[test]
fn duplicate_json_keys_are_refused() {
    let error = read_items(r#"{"kind":"ConfigMap","kind":"Secret"}"#).unwrap_err();
    assert!(matches!(error, InputError::DuplicateKey { ref pointer, .. } if pointer == "/kind"));
    assert!(
        error
            .to_string()
            .starts_with("duplicate key \"kind\" at /kind"),
        "{error}"
    );
}

#[test]
fn a_top_level_array_is_a_list_of_documents() {
    let items = read_items(r#"[{"kind":"A"},{"kind":"B"}]"#).unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i.item.as_str()).collect();
    assert_eq!(labels, ["/0", "/1"]);
}

#[test]
fn flow_style_yaml_is_yaml() {
    let items = read_items("{apiVersion: v1, kind: ConfigMap, data: {result: '{}'}}").unwrap();
    assert_eq!(items[0].value["data"]["result"], "{}");
}

#[test]
fn broken_json_reports_line_and_column() {
    let error = read_items("{\n  \"kind\": }").unwrap_err();
    assert!(
        matches!(error, InputError::Json { line: 2, .. }),
        "{error:?}"
    );
}

/// The labels of the items of `text`, in the order they are passed on.
fn labels(text: &str) -> Vec<String> {
    let mut labels = Vec::new();
    for_each_item(text, |item| labels.push(item.item)).unwrap();
    labels
}

/// Each item of JSON `text`, read one by one, is what the whole input holds at its label.
fn assert_items_are_the_whole_inputs(text: &str) {
    let whole = strict_json::parse(text.trim_start().as_bytes()).unwrap();
    for item in read_items(text).unwrap() {
        assert_eq!(
            whole.pointer(&item.item),
            Some(&item.value),
            "{}",
            item.item
        );
    }
}

/// Items passed on before `text` is refused, and the refusal.
fn refused(text: &str) -> (Vec<String>, InputError) {
    let mut labels = Vec::new();
    let error = for_each_item(text, |item| labels.push(item.item)).unwrap_err();
    (labels, error)
}

#[test]
fn a_list_with_items_before_kind_is_read_in_order() {
    let text = r#"{"apiVersion":"v1","items":[
        {"kind":"ConfigMap","metadata":{"name":"a","namespace":"n"}},
        {"metadata":{"name":"b"},"kind":"ConfigMap"}
    ],"kind":"List","metadata":{"resourceVersion":""}}"#;
    let items = read_items(text).unwrap();
    let names: Vec<_> = items.iter().map(|i| (i.item.as_str(), i.name())).collect();
    assert_eq!(names, [("/items/0", Some("a")), ("/items/1", Some("b"))]);
    assert_eq!(items[0].namespace(), Some("n"));
    assert_items_are_the_whole_inputs(text);
}

#[test]
fn nested_lists_in_any_key_order_and_top_level_arrays_keep_their_paths() {
    let text = r#" [{"kind":"A"},
        {"items":[{"kind":"B"},{"items":[{"kind":"C"}],"kind":"CList"},
            {"k\u0069nd":"Lis\u0074","items":[{"kind":"D"}]}],"kind":"List"},
        {"kind":"List","items":"not an array"}, {"kind":5,"items":[1]}, [1], "x", 2]
    "#;
    let expected = [
        "/0",
        "/1/items/0",
        "/1/items/1/items/0",
        "/1/items/2/items/0",
        "/2",
        "/3",
        "/4",
        "/5",
        "/6",
    ];
    assert_eq!(labels(text), expected);
    assert_items_are_the_whole_inputs(text);
    assert_eq!(
        labels("\u{feff}\r\n{\"kind\":\"AList\",\"items\":[]}"),
        [""; 0]
    );
}

#[test]
fn each_json_item_is_parsed_only_when_its_turn_comes() {
    let parsed = || json::tests::PARSED.with(std::cell::Cell::get);
    let text = r#"{"items":[{"kind":"A"},{"kind":"B"},{"kind":"C"}],"kind":"List"}"#;
    let before = parsed();
    let mut seen = Vec::new();
    for_each_item(text, |item| seen.push((item.item, parsed() - before))).unwrap();
    let expected = [("/items/0", 1), ("/items/1", 2), ("/items/2", 3)];
    assert_eq!(seen, expected.map(|(label, n)| (label.to_owned(), n)));
}

#[test]
fn a_refused_json_input_passes_no_item_and_refuses_as_a_whole() {
    let list = |items: &str| format!(r#"{{"items":[{{"kind":"A"}},{items}],"kind":"List"}}"#);
    let duplicate = list(r#"{"kind":"B","metadata":{"name":"x","name":"y"}}"#);
    let (passed, error) = refused(&duplicate);
    assert_eq!(passed, [""; 0]);
    let whole = json_error(strict_json::parse(duplicate.as_bytes()).unwrap_err());
    assert_eq!(error, whole);
    let pointer = |error: &InputError| match error {
        InputError::DuplicateKey { pointer, .. } => pointer.clone(),
        other => panic!("{other}"),
    };
    assert_eq!(pointer(&error), "/items/1/metadata/name");

    let (passed, error) = refused(r#"{"kind":"List","items":[{"kind":"A"}],"kind":"List"}"#);
    assert_eq!((passed.len(), pointer(&error)), (0, "/kind".to_owned()));
    let (passed, error) = refused(&list("{]"));
    assert!(passed.is_empty() && matches!(error, InputError::Json { .. }));
}

#[test]
fn a_list_nested_too_deep_refuses_the_whole_input_with_its_path() {
    let mut deep = r#"{"kind":"A"}"#.to_owned();
    for _ in 0..MAX_LIST_NESTING {
        deep = format!(r#"{{"items":[{deep}],"kind":"List"}}"#);
    }
    let (passed, error) = refused(&format!(r#"[{{"kind":"A"}},{deep}]"#));
    assert_eq!(passed, [""; 0]);
    let path = format!("/1{}", "/items/0".repeat(MAX_LIST_NESTING - 1));
    assert_eq!(error, InputError::TooDeep { item: path });
}

#[test]
fn a_yaml_stream_passes_the_documents_before_an_error() {
    let text = "kind: A\n---\nkind: List\nitems:\n- kind: B\n- kind: C\n---\nkind: [\n";
    let (passed, error) = refused(text);
    assert_eq!(
        passed,
        ["document 1", "document 2/items/0", "document 2/items/1"]
    );
    assert!(matches!(
        error,
        InputError::Yaml(YamlError::Syntax { line: 9, .. })
    ));

    let (passed, error) = refused("kind: A\n---\nkind: B\nkind: C\n");
    assert_eq!(passed, ["document 1"]);
    assert!(matches!(
        error,
        InputError::Yaml(YamlError::DuplicateKey { .. })
    ));
}

#[test]
fn a_lone_yaml_document_is_unlabelled_whatever_empty_documents_follow() {
    assert_eq!(labels("kind: A\n---\n# nothing\n...\n"), [""]);
    assert_eq!(labels("---\n---\n- kind: A\n- kind: B\n"), ["/0", "/1"]);
    assert_eq!(
        labels("- kind: A\n---\nkind: B\n"),
        ["document 1/0", "document 2"]
    );
}

#[test]
fn the_shallowest_lists_nested_too_deep_are_refused_before_any_item() {
    // Lists `n` deep, the innermost one empty: the least nesting that holds them.
    let lists = |n: usize| {
        let open = r#"{"kind":"List","items":["#.repeat(n);
        format!("{open}{}", "]}".repeat(n))
    };
    // The same after an item of their own.
    let after_an_item = |n: usize| lists(n).replacen('[', r#"[{"kind":"A"},"#, 1);
    let refused_at = |text: &str| match refused(text) {
        (passed, InputError::TooDeep { item }) if passed.is_empty() => item,
        (passed, error) => panic!("{passed:?} {error}"),
    };
    let path = format!("/items/1{}", "/items/0".repeat(MAX_LIST_NESTING - 1));
    assert_eq!(labels(&after_an_item(MAX_LIST_NESTING)).len(), 1);
    assert_eq!(refused_at(&after_an_item(MAX_LIST_NESTING + 1)), path);
    let in_array = |n: usize| format!(r#"[{{"kind":"A"}},{}]"#, lists(n));
    assert_eq!(labels(&in_array(MAX_LIST_NESTING - 1)).len(), 1);
    let path = format!("/1{}", "/items/0".repeat(MAX_LIST_NESTING - 1));
    assert_eq!(refused_at(&in_array(MAX_LIST_NESTING)), path);
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// The items of JSON `text` as they were read before items were read one at a time:
    /// the whole document parsed, then its lists expanded.
    fn whole(text: &str) -> Result<Vec<InputItem>, InputError> {
        let value = strict_json::parse(text.as_bytes()).map_err(json_error)?;
        let mut items = Vec::new();
        let mut push = |item| items.push(item);
        match value {
            Value::Array(values) => {
                for (index, value) in values.into_iter().enumerate() {
                    let item = format!("/{index}");
                    expand(InputItem { item, value }, 1, &mut push)?;
                }
            }
            value => expand(
                InputItem {
                    item: String::new(),
                    value,
                },
                0,
                &mut push,
            )?,
        }
        Ok(items)
    }

    /// JSON values with lists in either key order, nested deep at times, and now and then
    /// a repeated key.
    fn json() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            20 => Just(r#"{"kind":"ConfigMap","metadata":{"name":"a"}}"#.to_owned()),
            2 => Just(r#""AList""#.to_owned()),
            2 => Just("[]".to_owned()),
            1 => Just(r#"{"kind":"A","kind":"B"}"#.to_owned()),
        ];
        leaf.prop_recursive(20, 64, 3, |inner| {
            let items = prop::collection::vec(inner.clone(), 0..4);
            let kind = prop_oneof![Just("List"), Just("ConfigMapList"), Just("Lists")];
            let array = items
                .clone()
                .prop_map(|items| format!("[{}]", items.join(",")));
            let lists = (items, kind, any::<bool>());
            let lists = lists.prop_map(|(items, kind, first)| list(&items, kind, first));
            let one = (inner, any::<bool>());
            let one = one.prop_map(|(item, first)| list(&[item], "List", first));
            prop_oneof![1 => array, 2 => lists, 3 => one]
        })
    }

    /// Lists nested around `json()` values, up to a few more than allowed, some after an
    /// item of their own; in an array or not.
    fn deep() -> impl Strategy<Value = String> {
        let depth = MAX_LIST_NESTING - 2..MAX_LIST_NESTING + 3;
        let chain = (json(), prop::collection::vec(any::<(bool, bool)>(), depth));
        let lists = chain.prop_map(|(mut text, levels)| {
            for (first, sibling) in levels {
                let mut items = vec![text];
                if sibling {
                    items.insert(0, "{}".to_owned());
                }
                text = list(&items, "List", first);
            }
            text
        });
        (lists, any::<bool>()).prop_map(|(text, wrap)| match wrap {
            true => format!("[{{}},{text}]"),
            false => text,
        })
    }

    /// A list of `kind`, with `items` before `kind` if `first`.
    fn list(items: &[String], kind: &str, first: bool) -> String {
        let items = items.join(",");
        match first {
            true => format!(r#"{{"items":[{items}],"kind":"{kind}"}}"#),
            false => format!(r#"{{"kind":"{kind}","metadata":{{}},"items":[{items}]}}"#),
        }
    }

    proptest! {
        #[test]
        fn json_items_read_one_at_a_time_are_those_of_the_whole_document(
            text in prop_oneof![json(), deep()]
                .prop_filter("a JSON document", |text| text.starts_with(['{', '[']))
        ) {
            let expected = whole(&text);
            prop_assert_eq!(read_items(&text), expected.clone());
            // A refused input passes no item, as when it was read whole first.
            let mut passed = 0;
            let _ = for_each_item(&text, |_| passed += 1);
            prop_assert_eq!(passed, if expected.is_ok() { passed } else { 0 });
        }
    }
}

/// What [`for_each_judged_item`] passes on, with a judge that settles the items whose
/// `settle` member is true, as (label, settled, value of a built item).
fn judged(text: &str) -> Result<Vec<(String, bool, Option<Value>)>, InputError> {
    let judge = |tape: &Tape<'_>, _: &str| {
        let settle = tape.members(0).any(|(key, value)| {
            key == "settle" && *tape.item(value) == crate::schema::screen::Item::Bool(true)
        });
        settle.then_some(())
    };
    let mut out = Vec::new();
    for_each_judged_item(text, judge, |judged| {
        out.push(match judged {
            Judged::Settled { item, verdict: () } => (item, true, None),
            Judged::Built(item) => (item.item, false, Some(item.value)),
        });
    })?;
    Ok(out)
}

/// What [`for_each_item`] passes on, as [`judged`] reports it when nothing is settled.
fn built(text: &str) -> Result<Vec<(String, bool, Option<Value>)>, InputError> {
    let items = read_items(text)?;
    Ok(items
        .into_iter()
        .map(|i| (i.item, false, Some(i.value)))
        .collect())
}

#[test]
fn a_json_array_or_list_is_judged_item_by_item_without_building_settled_items() {
    let array = r#" [{"settle":true,"n":1}, {"settle":false,"n":2}, {"n":[3,{"x":null}]}] "#;
    let list_items_first = r#"{"items":[{"settle":true},{"n":"\u0032"}],"kind":"ConfigMapList"}"#;
    let list_kind_first = r#"{"kind":"List","metadata":{},"items":[{"settle":true}]}"#;
    for text in [array, list_items_first, list_kind_first] {
        json::tests::PARSED.with(|parsed| parsed.set(0));
        let judged = judged(text).unwrap();
        let settled: Vec<bool> = judged.iter().map(|(_, settled, _)| *settled).collect();
        assert_eq!(settled.iter().filter(|s| **s).count(), 1, "{text}");
        assert!(settled[0], "{text}");
        // The ordinary reading, which builds every item, was not used.
        assert_eq!(json::tests::PARSED.with(|parsed| parsed.get()), 0, "{text}");

        let built = built(text).unwrap();
        assert_eq!(judged.len(), built.len(), "{text}");
        for (judged, built) in judged.iter().zip(&built) {
            assert_eq!(judged.0, built.0, "{text}");
            if !judged.1 {
                assert_eq!(judged.2, built.2, "{text}");
            }
        }
    }
}

#[test]
fn inputs_the_quick_walk_does_not_take_are_read_the_ordinary_way() {
    let many_members: Vec<String> = (0..70).map(|i| format!("\"k{i}\":{i}")).collect();
    let many_members = format!("[{{{}}}]", many_members.join(","));
    let deep = format!("[{}{}]", "[".repeat(70), "]".repeat(70));
    for text in [
        r#"{"settle":true,"kind":"ConfigMap"}"#,
        r#"{"items":[{"settle":true}],"kind":"ConfigMap"}"#,
        r#"{"items":{"settle":true},"kind":"List"}"#,
        r#"{"kind":"List","items":[{"settle":true}],"resourceVersion":"1"}"#,
        r#"{"kind":"Lists","items":[{"settle":true}]}"#,
        r#"[{"settle":true},{"kind":"List","items":[{"settle":true}]}]"#,
        r#"[{"settle":true,"n":1.5}]"#,
        r#"[{"settle":true,"n":12345678901234567890}]"#,
        &many_members,
        &deep,
        "kind: List\nitems:\n- settle: true\n",
    ] {
        let judged = judged(text).unwrap();
        assert_eq!(judged, built(text).unwrap(), "{text}");
    }

    // Whitespace and a byte-order mark around a quick array change nothing.
    let padded = judged("\u{feff}\n[{\"settle\":true}, {}]\n").unwrap();
    assert_eq!(padded[0], ("/0".to_owned(), true, None));
    assert_eq!(
        padded[1],
        ("/1".to_owned(), false, Some(serde_json::json!({})))
    );
    assert_eq!(judged("[ ]").unwrap(), Vec::new());
}

#[test]
fn a_refused_json_input_passes_no_judged_item() {
    for text in [
        r#"[{"settle":true},{"settle":true},{"settle":true"#,
        r#"[{"settle":true},{"settle":true,"settle":true}]"#,
        r#"[{"settle":true}] {}"#,
        r#"{"kind":"List","items":[{"settle":true}],"kind":"List"}"#,
        r#"[{"settle":true},]"#,
    ] {
        let mut passed = 0;
        let judge = |_: &Tape<'_>, _: &str| Some(());
        let error = for_each_judged_item(text, judge, |_| passed += 1).unwrap_err();
        assert_eq!(passed, 0, "{text}");
        assert_eq!(Err(error), read_items(text), "{text}");
    }
}

#[test]
fn items_too_small_to_keep_a_verdict_for_are_read_the_ordinary_way() {
    // Each item is two bytes; a verdict kept for each would outweigh the input.
    let text = format!("[{}{{}}]", "{},".repeat(100_000));
    let judge = |_: &Tape<'_>, _: &str| Some(());
    let mut settled = 0;
    let count = for_each_judged_item(&text, judge, |judged| {
        settled += usize::from(matches!(judged, Judged::Settled { .. }));
    });
    assert_eq!((count, settled), (Ok(100_001), 0));
}
