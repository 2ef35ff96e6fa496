//! The API, served in-process on an ephemeral port over a database of hand-made
//! documents.

mod common;

use common::{build_db, request, Resp};
use dateline_server::{routes, ApiError, Db, Options};
use serde_json::Value;
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

struct Fixture {
    _dir: tempfile::TempDir,
    addr: SocketAddr,
}

fn start(db: &Path) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut opts = Options::new(db);
    opts.addr = "127.0.0.1:0".parse().unwrap();
    std::thread::spawn(move || {
        dateline_server::serve_blocking(opts, move |a| tx.send(a).unwrap()).unwrap();
    });
    rx.recv_timeout(Duration::from_secs(30)).unwrap()
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("test.db");
        build_db(&db);
        let addr = start(&db);
        Fixture { _dir: dir, addr }
    })
}

fn get(path: &str) -> Resp {
    request(fixture().addr, "GET", path, "127.0.0.1")
}

fn ok(path: &str) -> Value {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.json()
}

fn items(path: &str) -> Vec<Value> {
    ok(path)["items"].as_array().unwrap().clone()
}

fn bad(path: &str, param: &str) -> String {
    let r = get(path);
    assert_eq!(r.status, 400, "{path}: {}", r.body);
    let j = r.json();
    assert_eq!(j["parameter"], param, "{path}: {j}");
    assert_eq!(j["status"], 400);
    j["error"].as_str().unwrap().to_string()
}

#[test]
fn api_stats_counts_what_was_stored() {
    let s = ok("/api/stats");
    assert_eq!(s["articles"], 4);
    assert_eq!(s["story_clusters"], 3);
    assert_eq!(s["events"], 7);
    assert_eq!(s["quotes"], 4);
    assert_eq!(s["published_first"], "2026-03-04");
}

#[test]
fn api_events_filters_match_the_cli() {
    assert_eq!(items("/api/events").len(), 7);
    assert_eq!(items("/api/events?cameo=17").len(), 1);
    assert_eq!(items("/api/events?quad=4").len(), 1);
    assert_eq!(items("/api/events?source=KEN&target=ETH").len(), 4);
    assert_eq!(items("/api/events?pair=ETH,KEN").len(), 7);
    assert_eq!(items("/api/events?since=2026-11").len(), 3);
    assert_eq!(items("/api/events?until=2026-06").len(), 4);
    assert_eq!(items("/api/events?text=seized").len(), 1);
    let e = &items("/api/events?cameo=057")[0];
    let book = dateline_events::Codebook::builtin();
    assert_eq!(e["cameo_name"], book.get("057").unwrap().name.as_str());
    assert_eq!(e["source_code"], "KEN");
    assert_eq!(
        e["evidence"],
        "agreed on Wednesday to reopen a border crossing"
    );
    assert!(e["article_id"].as_i64().is_some());
    // Merged across the two copies of the border story.
    let merged = items("/api/events?merged=true&cameo=057");
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0]["num_articles"], 2);
    assert_eq!(items("/api/events?merged=true").len(), 5);
}

#[test]
fn api_events_pages_with_next_offset() {
    let p1 = ok("/api/events?limit=3");
    assert_eq!(p1["items"].as_array().unwrap().len(), 3);
    assert_eq!(p1["next_offset"], 3);
    let p3 = ok("/api/events?limit=3&offset=6");
    assert_eq!(p3["items"].as_array().unwrap().len(), 1);
    assert!(p3["next_offset"].is_null());
    let ids: BTreeSet<i64> = [0, 3, 6]
        .iter()
        .flat_map(|o| items(&format!("/api/events?limit=3&offset={o}")))
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 7);
}

#[test]
fn api_bad_parameters_are_400_naming_the_parameter() {
    assert!(bad("/api/events?limit=0", "limit").contains("between 1 and 1000"));
    bad("/api/events?limit=100000", "limit");
    bad("/api/events?limit=ten", "limit");
    bad("/api/events?offset=-1", "offset");
    assert!(bad("/api/events?colour=red", "colour").contains("unknown parameter"));
    assert!(bad("/api/events?since=June", "since").contains("YYYY"));
    bad("/api/events?quad=7", "quad");
    bad("/api/events?pair=KEN", "pair");
    bad("/api/events?merged=maybe", "merged");
    bad("/api/events?actor=a&actor=b", "actor");
    bad(&format!("/api/events?actor={}", "x".repeat(600)), "actor");
    bad("/api/aggregate/timeline?bucket=year", "bucket");
    bad("/api/search", "q");
    bad("/api/search?q=%22unbalanced", "q");
    bad("/api/articles/abc", "id");
    bad("/api/quotes?text=%22open", "text");
}

#[test]
fn api_unknown_things_are_json_404_and_writes_405() {
    let r = get("/api/articles/999999");
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("999999"));
    let r = get("/api/nothing-here");
    assert_eq!(r.status, 404);
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("no such endpoint"));
    assert_eq!(get("/api/clusters/999999").status, 404);
    let r = request(fixture().addr, "POST", "/api/stats", "127.0.0.1");
    assert_eq!(r.status, 405);
    assert!(r.json()["error"].as_str().unwrap().contains("read-only"));
    let r = request(fixture().addr, "DELETE", "/api/articles/1", "127.0.0.1");
    assert_eq!(r.status, 405);
}

#[test]
fn api_article_spans_point_into_the_text() {
    let id = items("/api/events?cameo=171")[0]["article_id"]
        .as_i64()
        .unwrap();
    let a = ok(&format!("/api/articles/{id}"));
    let text = a["text"].as_str().unwrap();
    let slice = |s: &Value| {
        let s = s.as_array().unwrap();
        &text[s[0].as_u64().unwrap() as usize..s[1].as_u64().unwrap() as usize]
    };
    assert_eq!(a["title"], "Ship seized");
    let names: Vec<&str> = a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| slice(&e["span"]))
        .collect();
    assert!(names.contains(&"Dawit Bekele"), "{names:?}");
    assert_eq!(slice(&a["timexes"][0]["span"]), "3 March");
    assert_eq!(a["timexes"][0]["value"], "2026-03-03");
    assert_eq!(slice(&a["quotes"][0]["span"]), "We will not accept this,");
    assert_eq!(a["quotes"][0]["speaker"], "Dawit Bekele");
    let ev = a["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["cameo"] == "171")
        .unwrap();
    assert_eq!(slice(&ev["span"]), "Kenya seized a cargo ship on 3 March");
    assert_eq!(slice(&ev["source_span"]), "Kenya");
    assert!(a["copies"].as_array().unwrap().is_empty());
    // The border story has a syndicated copy.
    let b = items("/api/events?cameo=057")[0]["article_id"]
        .as_i64()
        .unwrap();
    let copies = ok(&format!("/api/articles/{b}"))["copies"].clone();
    assert_eq!(copies.as_array().unwrap().len(), 1);
}

#[test]
fn api_quotes_and_speakers() {
    assert_eq!(items("/api/quotes?speaker=otieno").len(), 2);
    let q = items("/api/quotes?text=accept");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0]["speaker"], "Dawit Bekele");
    assert_eq!(q[0]["title"], "Ship seized");
    let s = items("/api/quotes/speakers");
    assert_eq!(s[0]["speaker"], "Amina Otieno");
    assert_eq!(s[0]["count"], 2);
    assert_eq!(items("/api/quotes/speakers?speaker=bekele").len(), 1);
}

#[test]
fn api_search_clusters_entities_articles() {
    let hits = items("/api/search?q=cargo%20ship");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["title"], "Ship seized");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[cargo]"));
    let c = items("/api/clusters?min_size=2");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["articles"], 2);
    assert_eq!(c[0]["sources"], 2);
    assert_eq!(c[0]["title"], "Kenya and Ethiopia reopen border");
    let detail = ok(&format!("/api/clusters/{}", c[0]["cluster_id"]));
    assert_eq!(detail["articles"].as_array().unwrap().len(), 2);
    assert_eq!(detail["events"].as_array().unwrap().len(), 2);
    let ents = items("/api/entities?name=otieno");
    assert_eq!(ents[0]["articles"], 2);
    assert_eq!(items("/api/entities?name=otieno&per_article=true").len(), 2);
    let arts = items("/api/articles");
    assert_eq!(arts.len(), 4);
    assert_eq!(arts[0]["published"], "2026-11-20");
    assert_eq!(items("/api/articles?site=copy.example").len(), 1);
}

#[test]
fn api_timeline_counts_each_story_once() {
    let t = ok("/api/aggregate/timeline?pair=KEN,ETH&bucket=month");
    let rows = t["items"].as_array().unwrap();
    let find = |b: &str, q: i64| {
        rows.iter()
            .find(|r| r["bucket"] == b && r["quad_class"] == q)
            .cloned()
    };
    // The agreement is reported by two copies but counted once.
    let coop = find("2026-11", 1).unwrap();
    assert_eq!(coop["count"], 1);
    assert_eq!(coop["goldstein_sum"], 8.0);
    assert_eq!(find("2026-03", 4).unwrap()["count"], 1);
    assert_eq!(find("2026-06", 3).unwrap()["count"], 1);
    // With day buckets the month-precision event is reported as undated.
    let d = ok("/api/aggregate/timeline?pair=KEN,ETH&bucket=day");
    assert_eq!(d["undated"], 1);
    let w = items("/api/aggregate/timeline?bucket=week&cameo=057");
    assert_eq!(w[0]["bucket"], "2026-11-16"); // the Monday of 2026-11-18
    let r = items("/api/aggregate/timeline?bucket=month&by=root&cameo=17");
    assert_eq!(r[0]["root"], "17");
    assert_eq!(r[0]["quad_class"], 4);
}

#[test]
fn api_dyads_and_codebook() {
    let d = items("/api/aggregate/dyads");
    let ken_eth = d
        .iter()
        .find(|r| r["source"] == "KEN" && r["target"] == "ETH")
        .unwrap();
    // 057 (once for two copies), 171 and 130.
    assert_eq!(ken_eth["count"], 3);
    let cb = items("/api/codebook");
    let book = dateline_events::Codebook::builtin();
    assert_eq!(cb.len(), book.codes().count());
    assert!(cb
        .iter()
        .any(|c| c["code"] == "057" && c["quad_class"] == 1));
}

fn sample(kind: dateline_server::params::Kind) -> String {
    use dateline_server::params::Kind;
    match kind {
        Kind::Text => "KEN".into(),
        Kind::Int { min, max, .. } => min.max(1).min(max).to_string(),
        Kind::Bool => "true".into(),
        Kind::Date => "2026".into(),
        Kind::Choice(v) => v[v.len() - 1].into(),
    }
}

#[test]
fn api_openapi_document_and_router_agree() {
    let doc = ok("/api/openapi.json");
    let documented: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let (_, registered) = routes::api_router();
    let registered: BTreeSet<String> = registered.iter().map(|s| s.to_string()).collect();
    assert_eq!(documented, registered);
    let article = items("/api/articles")[0]["id"].as_i64().unwrap();
    let cluster = items("/api/clusters")[0]["cluster_id"].as_i64().unwrap();
    for route in routes::ROUTES {
        let path = route.path.replace(
            "{id}",
            &if route.path.contains("clusters") {
                cluster
            } else {
                article
            }
            .to_string(),
        );
        let base = if route.path == "/api/search" {
            format!("{path}?q=Kenya")
        } else {
            path.clone()
        };
        // Every documented parameter is accepted.
        let op = &doc["paths"][route.path]["get"];
        for p in op["parameters"].as_array().unwrap() {
            if p["in"] != "query" || p["name"] == "q" {
                continue;
            }
            let name = p["name"].as_str().unwrap();
            let spec = route
                .all_params()
                .into_iter()
                .find(|x| x.name == name)
                .unwrap();
            let sep = if base.contains('?') { '&' } else { '?' };
            let value = if name == "pair" {
                "KEN,ETH".to_string()
            } else {
                sample(spec.kind)
            };
            let r = get(&format!("{base}{sep}{name}={value}"));
            assert_eq!(r.status, 200, "{} {name}: {}", route.path, r.body);
        }
        // What comes back has exactly the documented fields.
        let body = ok(&base);
        let documented: BTreeSet<&str> = route.fields.iter().map(|f| f.0).collect();
        let object = if route.list {
            let items = body["items"].as_array().unwrap();
            assert!(!items.is_empty(), "{}: no items to check", route.path);
            items[0].clone()
        } else {
            body
        };
        let got: BTreeSet<&str> = object
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        if route.path == "/api/entities" {
            // Grouped rows lack the per-article fields and vice versa.
            assert!(got.is_subset(&documented), "{}: {got:?}", route.path);
            let per = items("/api/entities?per_article=true")[0].clone();
            let per: BTreeSet<&str> = per
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert!(per.is_subset(&documented), "{}: {per:?}", route.path);
        } else if route.path == "/api/openapi.json" {
            assert!(documented.is_subset(&got));
        } else {
            assert_eq!(got, documented, "{}", route.path);
        }
    }
}

#[test]
fn api_dashboard_is_served_with_a_strict_policy() {
    let r = get("/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<title>dateline</title>"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let js = get("/assets/app.js");
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(get("/assets/secret.db").status, 404);
    assert_eq!(get("/assets/..%2f..%2fCargo.toml").status, 404);
}

#[test]
fn api_refuses_foreign_host_headers_on_loopback() {
    let r = request(fixture().addr, "GET", "/api/stats", "attacker.example");
    assert_eq!(r.status, 421);
    let r = request(
        fixture().addr,
        "GET",
        "/api/stats",
        &format!("localhost:{}", fixture().addr.port()),
    );
    assert_eq!(r.status, 200);
}

#[test]
fn api_works_while_an_ingest_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    build_db(&db);
    let addr = start(&db);
    let stat = || {
        request(addr, "GET", "/api/stats", "127.0.0.1").json()["articles"]
            .as_i64()
            .unwrap()
    };
    let before = stat();
    // A writer (as `dateline ingest`) holds the database open while the server reads.
    let mut writer = dateline_store::Store::open(&db).unwrap();
    let doc = common::DocBuilder::new(
        "Late story",
        "https://late.example/1",
        "2026-11-25",
        "A late story arrived while the server was running.",
    )
    .build();
    writer.add(dateline_store::Prepared::from_doc(doc)).unwrap();
    let after = stat();
    assert!(after > before, "{before} -> {after}");
}

#[tokio::test]
async fn api_connections_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    build_db(&path);
    let db = Db::open(&path, Duration::from_secs(5), 2).unwrap();
    let r = db
        .run(|c| {
            c.execute("DELETE FROM articles", [])
                .map_err(ApiError::from)
        })
        .await;
    assert!(r.is_err());
    let n = db
        .run(|c| Ok(c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))?))
        .await
        .unwrap();
    assert_eq!(n, 4);
}

#[tokio::test]
async fn api_long_queries_are_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("slow.db");
    build_db(&path);
    let db = Db::open(&path, Duration::from_millis(200), 2).unwrap();
    let t = std::time::Instant::now();
    let r = db
        .run(|c| {
            Ok(c.query_row(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
                [],
                |r| r.get::<_, i64>(0),
            )?)
        })
        .await;
    let e = r.unwrap_err();
    assert_eq!(e.status.as_u16(), 503, "{e:?}");
    assert!(t.elapsed() < Duration::from_secs(5));
    // The connection is usable afterwards.
    assert!(db
        .run(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
        .await
        .is_ok());
}
