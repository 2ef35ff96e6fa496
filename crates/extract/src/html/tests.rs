use super::*;
use dateline_core::InputFormat;

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Harbour deal signed after long talks | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="og:title" content="Harbour deal signed after long talks">
<meta name="author" content="Email the author">
<link rel="canonical" href="https://harbourtimes.example/2024/03/05/harbour-deal/">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Harbour Times"},
 {"@type":"NewsArticle","headline":"Harbour deal signed after long talks",
  "datePublished":"2024-03-05T09:30:00+01:00","dateModified":"2024-03-06T10:00:00+01:00",
  "author":[{"@type":"Person","name":"Jane Roe"},{"@type":"Person","name":"Rui Costa"}]}]}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<div class="share-tools"><a>Share on Facebook</a> <a>Tweet</a></div>
<article>
<h1>Harbour deal signed after long talks</h1>
<p class="byline">By Jane Roe and Rui Costa</p>
<p>The two port authorities signed the agreement on Tuesday after eleven months of talks, officials said in a joint statement released in the morning.</p>
<figure><img src="dock.jpg"><figcaption>Dock workers wave at the signing ceremony. Photo: Ann Lee/REUTERS</figcaption></figure>
<p>Under the deal, container traffic will be shared between the two harbours, and a joint board will set fees for &ldquo;all vessels above 5,000 tonnes&rdquo;, the statement said.</p>
<p>The mayor called it a good day for the region and for the workers whose jobs depend on the port, adding that more investment would follow in the coming years.</p>
<ul><li>Fees fall by a tenth for regional ferries.</li><li>A new pilot station opens in the north basin next spring.</li></ul>
<table><tr><td>Harbour</td><td>Ships per year</td></tr><tr><td>North</td><td>4,200</td></tr></table>
<p>Unions said they would study the text before the vote next month, but welcomed the promise that no jobs would be cut during the first five years.</p>
</article>
<aside class="related-stories"><h3>Related</h3><ul><li><a>Port strike ends</a></li><li><a>Ferry fares rise</a></li></ul></aside>
<div id="comments"><h3>Leave a comment</h3><form><textarea></textarea><button>Post</button></form></div>
<footer><p>&copy; 2024 Harbour Times. All rights reserved.</p></footer>
</body></html>"#;

fn extract(html: &[u8]) -> Article {
    let mut page = dateline_ingest::page_from_bytes("t.html", InputFormat::Html, html.to_vec());
    page.url = Some("https://harbourtimes.example/2024/03/05/harbour-deal/".into());
    HtmlExtractor::default().extract(&page).article
}

#[test]
fn html_extract_main_content_without_chrome() {
    let a = extract(PAGE.as_bytes());
    assert!(
        a.text.starts_with("The two port authorities signed"),
        "{}",
        a.text
    );
    assert!(a.text.contains("“all vessels above 5,000 tonnes”"));
    assert!(a.text.contains("no jobs would be cut"));
    for chrome in [
        "Home",
        "Share on Facebook",
        "Port strike ends",
        "Leave a comment",
        "All rights reserved",
        "Dock workers wave",
    ] {
        assert!(
            !a.text.contains(chrome),
            "{chrome:?} leaked into the body:\n{}",
            a.text
        );
    }
    // Paragraph structure: blank-line separated, one span per paragraph.
    assert_eq!(a.paragraphs.len(), a.text.split("\n\n").count());
}

#[test]
fn html_extract_lists_and_tables_kept_as_text() {
    let a = extract(PAGE.as_bytes());
    assert!(a
        .text
        .contains("Fees fall by a tenth for regional ferries."));
    assert!(a.text.contains("North\t4,200"), "{}", a.text);
}

#[test]
fn html_extract_caption_with_credit_apart() {
    let a = extract(PAGE.as_bytes());
    assert_eq!(a.captions.len(), 1, "{:?}", a.captions);
    assert_eq!(
        a.captions[0].text,
        "Dock workers wave at the signing ceremony."
    );
    assert_eq!(a.captions[0].credit.as_deref(), Some("Ann Lee/REUTERS"));
    assert!(a.captions[0]
        .input_span
        .slice(PAGE)
        .contains("Dock workers wave"));
}

#[test]
fn html_extract_removed_names_reasons_and_spans() {
    let a = extract(PAGE.as_bytes());
    let has = |reason: RemovalReason, needle: &str| {
        a.removed.iter().any(|r| {
            r.reason == reason
                && r.text.contains(needle)
                && r.input_span.is_some_and(|s| s.slice(PAGE).contains(needle))
        })
    };
    assert!(has(RemovalReason::Navigation, "World"), "{:#?}", a.removed);
    assert!(
        has(RemovalReason::ShareBar, "Share on Facebook"),
        "{:#?}",
        a.removed
    );
    assert!(
        has(RemovalReason::RelatedLinks, "Port strike ends"),
        "{:#?}",
        a.removed
    );
    assert!(
        has(RemovalReason::CommentForm, "Leave a comment"),
        "{:#?}",
        a.removed
    );
    assert!(
        has(RemovalReason::Legal, "All rights reserved"),
        "{:#?}",
        a.removed
    );
}

#[test]
fn html_extract_alignment_points_into_page_bytes() {
    let a = extract(PAGE.as_bytes());
    assert_eq!(a.alignment.pieces.len(), a.paragraphs.len());
    for (piece, para) in a.alignment.pieces.iter().zip(&a.paragraphs) {
        let src = piece.input.slice(PAGE);
        let para_text = para.slice(&a.text);
        let first = para_text.split_whitespace().next().unwrap();
        let last = para_text.split_whitespace().last().unwrap();
        assert!(src.starts_with(first), "{src:?} vs {para_text:?}");
        assert!(
            src.ends_with(last.trim_end_matches('”')) || src.ends_with(last),
            "{src:?} vs {para_text:?}"
        );
    }
    assert_eq!(a.body_start, PAGE.find("The two port authorities").unwrap());
}

#[test]
fn html_extract_metadata_with_provenance() {
    let a = extract(PAGE.as_bytes());
    let title = a.title.unwrap();
    assert_eq!(title.value, "Harbour deal signed after long talks");
    assert_eq!(a.authors, ["Jane Roe", "Rui Costa"]);
    assert_eq!(a.byline.unwrap().source, Provenance::JsonLd);
    let p = a.published.unwrap();
    assert_eq!(
        (p.value.as_str(), p.source),
        ("2024-03-05T09:30:00+01:00", Provenance::JsonLd)
    );
    assert_eq!(a.modified.unwrap().value, "2024-03-06T10:00:00+01:00");
    assert_eq!(a.site.unwrap().value, "Harbour Times");
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://harbourtimes.example/2024/03/05/harbour-deal/")
    );
    let lang = a.language.unwrap();
    assert_eq!((lang.value.as_str(), lang.source), ("en", Provenance::Meta));
}

#[test]
fn html_extract_meta_fallbacks_and_junk_authors() {
    let html = r#"<html><head><title>Storm closes the coast road - Coast Daily</title>
<meta name="author" content="Email the author"></head><body>
<div class="content"><p class="date">Published March 7, 2023</p>
<p>The coast road was closed on Monday night after the storm brought down trees and power lines along a long stretch of the shore near the old lighthouse.</p>
<p>Crews worked through the night to clear the road, and the county said it hoped to reopen one lane by the weekend if the weather allowed it.</p>
<p>Residents were told to stay at home unless their journey was essential, and schools in three villages stayed closed for the day.</p></div>
</body></html>"#;
    let mut page =
        dateline_ingest::page_from_bytes("t.html", InputFormat::Html, html.as_bytes().to_vec());
    page.url = Some("https://coastdaily.example/news/storm".into());
    let a = HtmlExtractor::default().extract(&page).article;
    assert_eq!(a.title.unwrap().value, "Storm closes the coast road");
    assert!(a.authors.is_empty(), "{:?}", a.authors);
    let p = a.published.unwrap();
    assert_eq!(p.value, "2023-03-07");
    let lang = a.language.unwrap();
    assert_eq!(
        (lang.value.as_str(), lang.source),
        ("en", Provenance::Detected)
    );
}

#[test]
fn html_extract_legacy_charset_from_meta() {
    let text = "<html><head><meta charset=\"windows-1252\"><title>Caf\u{e9} reopens</title></head><body><article>\
<p>The caf\u{e9} on the main square reopened on Friday after a long renovation, and the owners said the first customers queued before dawn.</p>\
<p>Prices stay the same, the owners said, and the terrace will open again in May when the weather gets warmer in the old town.</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let mut page = dateline_ingest::page_from_bytes("t.html", InputFormat::Html, bytes.to_vec());
    page.url = None;
    let a = HtmlExtractor::default().extract(&page).article;
    assert!(
        a.text.starts_with("The café on the main square"),
        "{}",
        a.text
    );
    // Offsets are in the input bytes (one byte per character in windows-1252).
    let s = a.alignment.pieces[0].input;
    assert!(bytes[s.start()..].starts_with(b"The caf\xe9"));
}

#[test]
fn html_extract_never_panics_on_odd_input() {
    for html in [
        "",
        "<",
        "<html>",
        "<p>only</p>",
        "<<<>>>",
        "<script>",
        "\u{feff}<p>x",
        "<div class=\"a\" id='b'",
    ] {
        let page =
            dateline_ingest::page_from_bytes("t.html", InputFormat::Html, html.as_bytes().to_vec());
        let _ = HtmlExtractor::default().extract(&page);
    }
}

/// A page with `head` in `<head>` and `byline` between the headline and the story.
fn dated_page(lang: &str, head: &str, byline: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>Ferry timetable changes for the winter | Coast News</title>{head}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<aside class="sidebar"><h3>Latest</h3><ul><li><span class="date">2 March 2019</span> <a>Old story</a></li></ul></aside>
<article><h1>Ferry timetable changes for the winter</h1>{byline}
<p>The ferry company said on Monday that the first crossing of the day will leave half an hour later from the first week of November until the end of February.</p>
<p>Passengers who travel to work on the island asked for an earlier boat on weekdays, and the company said it would study the request with the harbour board.</p>
<p>The last crossing in the evening is unchanged, and the weekend service keeps its summer times, a spokeswoman for the company said in a statement.</p>
</article></body></html>"#
    )
}

fn extract_at(html: &str, url: &str) -> Article {
    let mut page =
        dateline_ingest::page_from_bytes("t.html", InputFormat::Html, html.as_bytes().to_vec());
    page.url = Some(url.into());
    HtmlExtractor::default().extract(&page).article
}

const NO_DATE_URL: &str = "https://coastnews.example/news/ferry-timetable";

#[test]
fn html_date_printed_by_the_headline_beats_stale_metadata() {
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-01-10T08:00:00+01:00"}</script>"#;
    let html = dated_page(
        "en",
        head,
        r#"<p class="meta">By Ann Lee | 14 October 2021</p>"#,
    );
    let p = extract_at(&html, NO_DATE_URL).published.unwrap();
    assert_eq!(p.value, "2021-10-14");
    assert_eq!(p.source, Provenance::Text);
    // The same page with a date in its URL keeps the metadata that agrees with it.
    let p = extract_at(
        &html,
        "https://coastnews.example/2019/01/10/ferry-timetable",
    )
    .published
    .unwrap();
    assert_eq!(p.value, "2019-01-10T08:00:00+01:00");
}

#[test]
fn html_date_after_headline_skips_update_lines_and_prose() {
    let head = r#"<meta property="article:published_time" content="2021-10-14T09:00:00+02:00">"#;
    // An "Updated" stamp by the headline is not the publication date.
    let html = dated_page(
        "en",
        head,
        r#"<p><span>Updated:</span> <span>20 October 2021</span></p>"#,
    );
    assert_eq!(
        extract_at(&html, NO_DATE_URL).published.unwrap().value,
        "2021-10-14T09:00:00+02:00"
    );
    // Nor is a date inside the lead paragraph.
    let html = dated_page(
        "en",
        head,
        r#"<p>Bookings for the new crossings open on 3 November 2021 at the harbour office and on the company's website, the ferry company announced in a statement.</p>"#,
    );
    assert_eq!(
        extract_at(&html, NO_DATE_URL).published.unwrap().value,
        "2021-10-14T09:00:00+02:00"
    );
}

#[test]
fn html_date_from_date_element_when_no_metadata() {
    // No metadata: the date element next to the headline, not the sidebar's.
    let html = dated_page(
        "de",
        "",
        r#"<div class="post-date">am 25.08.2015 22:30</div>"#,
    );
    let p = extract_at(&html, NO_DATE_URL).published.unwrap();
    assert_eq!(p.value, "2015-08-25");
    assert!(p.evidence.unwrap().contains("25.08.2015"));
    // A date inside the headline element itself (`<h1>Title<small>date</small></h1>`).
    let html = dated_page("en", "", "").replace(
        "<h1>Ferry timetable changes for the winter</h1>",
        "<h1>Ferry timetable changes for the winter<small>02.02.2022</small></h1>",
    );
    assert_eq!(
        extract_at(&html, NO_DATE_URL).published.unwrap().value,
        "2022-02-02"
    );
}

#[test]
fn html_date_utc_timestamp_read_in_central_european_time() {
    let head = r#"<meta property="article:published_time" content="2021-11-04T23:00:00Z">"#;
    // A German page: 23:00 UTC is midnight of the next day in Berlin.
    let p = extract_at(&dated_page("de-DE", head, ""), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2021-11-05T00:00:00+01:00");
    assert_eq!(p.source, Provenance::Meta);
    // An English page keeps the timestamp as written.
    let p = extract_at(&dated_page("en", head, ""), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2021-11-04T23:00:00Z");
}

#[test]
fn html_date_from_webpage_json_ld_when_no_article() {
    let head = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":"2018-06-07T10:13:17+00:00"}]}</script>"#;
    let p = extract_at(&dated_page("en", head, ""), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2018-06-07T10:13:17+00:00");
    assert_eq!(p.source, Provenance::JsonLd);
}

#[test]
fn html_date_update_stamp_by_the_headline_is_not_the_publication() {
    // WordPress-style header: the modified stamp comes first, the published one second.
    let byline = r#"<p class="entry-meta">Ann Lee | <time class="updated" datetime="2022-12-29T15:36:19+01:00" itemprop="dateModified">29 December 2022</time><time class="entry-date published" datetime="2022-12-30T07:00:40+01:00">30 December 2022</time></p>"#;
    let head = r#"<meta property="article:published_time" content="2022-12-20T07:00:40+01:00">"#;
    let p = extract_at(&dated_page("en", head, byline), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2022-12-30");
    assert_eq!(p.source, Provenance::Text);
}

#[test]
fn html_date_after_a_publication_label_beats_metadata() {
    // The page says when it was published; the metadata carries an import stamp.
    let head = r#"<meta property="article:published_time" content="2019-08-24T03:36:11+02:00">"#;
    let byline = r#"<p>Folge 12 · Veröffentlicht am 16.08.2019<br>Dauer: 64 Minuten</p>"#;
    let p = extract_at(&dated_page("de", head, byline), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2019-08-16");
    assert_eq!(p.source, Provenance::Text);
    assert!(p.evidence.unwrap().contains("label"));
    // Label and date in separate elements.
    let byline = r#"<div class="info"><span>Published on</span> <strong>3 May 2021</strong></div>"#;
    let p = extract_at(&dated_page("en", "", byline), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2021-05-03");
    // A label far from its date does not count, nor one in a sidebar.
    let byline = r#"<p>Published on our website with the kind permission of the harbour board, which first printed it in its newsletter on 3 May 2021.</p>"#;
    let html = dated_page("en", head, byline).replace(
        r#"<span class="date">2 March 2019</span>"#,
        r#"<span>Published on 2 March 2019</span>"#,
    );
    let p = extract_at(&html, NO_DATE_URL).published.unwrap();
    assert_eq!(p.value, "2019-08-24T03:36:11+02:00");
}

#[test]
fn html_date_in_the_title_beats_a_date_quoted_in_the_body() {
    let html = dated_page("de", "", "")
        .replace(
            "<title>Ferry timetable changes for the winter | Coast News</title>",
            "<title>Fährbericht vom 22.04.2020 | Coast News</title>",
        )
        .replace(
            "<h1>Ferry timetable changes for the winter</h1>",
            "<p>Laut einer Mitteilung vom 15.4.2020 fahren weniger Schiffe.</p>",
        );
    let p = extract_at(&html, NO_DATE_URL).published.unwrap();
    assert_eq!(p.value, "2020-04-22");
    assert!(p.evidence.unwrap().contains("title"));
}

#[test]
fn html_date_open_graph_before_json_ld_before_other_meta() {
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-12-06 14:36"}</script>"#;
    let og = r#"<meta property="article:published_time" content="2022-12-15T09:13:00">"#;
    let p = extract_at(&dated_page("en", &format!("{ld}{og}"), ""), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2022-12-15T09:13:00");
    assert_eq!(p.source, Provenance::Meta);
    // A vendor key (`sailthru.date`) comes after JSON-LD.
    let vendor = r#"<meta name="sailthru.date" content="2022-12-15T09:13:00Z">"#;
    let p = extract_at(&dated_page("en", &format!("{vendor}{ld}"), ""), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2021-12-06T14:36:00");
    assert_eq!(p.source, Provenance::JsonLd);
}

#[test]
fn html_date_utc_timestamp_read_in_the_local_time_of_latin_american_pages() {
    // Bolivia (UTC-4), from the declared language: a story filed at 22:41 local time.
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"Wed, 04 May 2022 02:41:00 GMT"}</script>"#;
    let p = extract_at(&dated_page("es-BO", head, ""), NO_DATE_URL)
        .published
        .unwrap();
    assert_eq!(p.value, "2022-05-03T22:41:00-04:00");
    // Uruguay (UTC-3), from the domain.
    let head = r#"<meta property="article:published_time" content="2022-05-11T01:10:00Z">"#;
    let p = extract_at(
        &dated_page("es", head, ""),
        "https://diario.example.com.uy/nacional/puerto",
    )
    .published
    .unwrap();
    assert_eq!(p.value, "2022-05-10T22:10:00-03:00");
    // `.co` is used by sites everywhere: no conversion.
    let p = extract_at(
        &dated_page("en", head, ""),
        "https://news.example.co/puerto",
    )
    .published
    .unwrap();
    assert_eq!(p.value, "2022-05-11T01:10:00Z");
}

/// Four paragraphs of a story written for these tests, for pages built around them.
const STORY: &str = r#"<p>The county library reopened its reading room on Monday after a year of repairs to the roof, which had leaked through two winters and damaged part of the local history collection.</p>
<p>Volunteers spent the spring drying and cataloguing the damaged books, and about nine in ten of them could be saved, said the head librarian, who thanked the families who had helped.</p>
<p>The room now has new shelves, better light and a corner for children, and it will stay open until eight in the evening on weekdays, two hours longer than before the repairs began.</p>
<p>The council said the repairs cost less than planned, and that the money left over would pay for a mobile library that visits the villages in the north of the county twice a month.</p>"#;

fn story_page(before: &str, after: &str) -> String {
    format!(
        "<html><head><title>Library reopens</title></head><body><div class=\"site\">\
<article><div class=\"story-text\">{before}{STORY}{after}</div></article></div></body></html>"
    )
}

#[test]
fn html_article_header_standfirst_is_body_but_its_kicker_is_not() {
    let html = format!(
        "<html><head><title>Library reopens after repairs</title></head><body>\
<header class=\"site-header\"><p>County News - your paper since 1901, with all the news that matters today.</p></header>\
<main><article><header><p>Local</p><h1>Library reopens after repairs</h1>\
<p>After a year of repairs, readers are back in the county library, with longer hours and a corner for children.</p></header>\
<div class=\"story-text\">{STORY}</div></article></main></body></html>"
    );
    let a = extract(html.as_bytes());
    assert!(
        a.text
            .starts_with("After a year of repairs, readers are back in the county library"),
        "{}",
        a.text
    );
    assert!(a.text.contains("visits the villages"), "{}", a.text);
    assert!(!a.text.contains("Local\n"), "{}", a.text);
    assert!(!a.text.contains("your paper since 1901"), "{}", a.text);
}

#[test]
fn html_popup_holding_much_text_stays_chrome() {
    let popup: String = (0..6)
        .map(|i| format!("<p>Terms of the prize draw, part {i}: entries close at midnight, one entry per household, the winner is drawn at random and told by email within a week.</p>"))
        .collect();
    let html = format!(
        "<html><head><title>Library reopens</title></head><body><article><div class=\"story-text\">{STORY}</div></article>\
<div class=\"promo-overlay\" id=\"popup-7\"><div class=\"overlay-content\">{popup}</div></div></body></html>"
    );
    let a = extract(html.as_bytes());
    assert!(a.text.contains("reopened its reading room"), "{}", a.text);
    assert!(!a.text.contains("prize draw"), "{}", a.text);
}

#[test]
fn html_prompts_disclosures_and_stamps_are_residue() {
    let html = story_page(
        "<p>*Werbung. Dieser Beitrag enthält Werbung für einen Buchladen.</p>",
        "<p>Follow the County Courier on Twitter and Instagram @countycourier for more.</p>\
<p>¡Mira lo que tiene nuestro canal de YouTube!</p>\
<p>For breaking news alerts, download our free County Courier app today.</p>\
<p>If you enjoyed reading this article, would you consider supporting our work?</p>\
<p>Publiziert: 03.04.2024, 12:35</p>",
    );
    let a = extract(html.as_bytes());
    assert!(a.text.contains("reopened its reading room"), "{}", a.text);
    assert!(a.text.contains("twice a month."), "{}", a.text);
    for residue in [
        "Werbung",
        "Follow the County",
        "canal de YouTube",
        "download our",
        "enjoyed reading",
        "Publiziert",
    ] {
        assert!(!a.text.contains(residue), "{residue} kept: {}", a.text);
    }
}

#[test]
fn html_credit_lines_in_the_body_are_captions() {
    let html = story_page(
        "<p>The reading room on the first morning. © County Courier / Ann Lee</p>",
        "<p>Photograph by Ann Lee, County Courier</p><p>Abbildung: Plan of the new children's corner</p>",
    );
    let a = extract(html.as_bytes());
    assert!(a.text.contains("reopened its reading room"), "{}", a.text);
    for caption in ["first morning", "Photograph by", "Plan of the new"] {
        assert!(!a.text.contains(caption), "{caption} kept: {}", a.text);
        assert!(
            a.captions.iter().any(|c| c.text.contains(caption)
                || c.credit.as_deref().is_some_and(|k| k.contains(caption))),
            "{caption} not a caption: {:?}",
            a.captions
        );
    }
    let first = a
        .captions
        .iter()
        .find(|c| c.text.contains("first morning"))
        .unwrap();
    assert_eq!(first.credit.as_deref(), Some("County Courier / Ann Lee"));
    // A sentence with a colon is not a credit.
    let c = crate::lexicon::Credits::builtin();
    assert!(!c.is_caption_line("The council's image: a careful owner of public money."));
}

#[test]
fn html_trailing_headings_and_colon_lines_are_dropped_but_not_sentences() {
    let html = story_page(
        "",
        "<h3>Most read this week</h3><p>More from the county:</p>",
    );
    let a = extract(html.as_bytes());
    assert!(a.text.ends_with("twice a month."), "{}", a.text);
    assert!(a
        .removed
        .iter()
        .any(|r| r.text == "Most read this week" && r.reason == RemovalReason::RelatedLinks));
    // A heading that is a sentence (a pull quote) stays.
    let html = story_page("", "<h3>The council kept its promise.</h3>");
    let a = extract(html.as_bytes());
    assert!(
        a.text.ends_with("The council kept its promise."),
        "{}",
        a.text
    );
    // A teaser ending with its "read more" link is residue.
    let html = story_page(
        "",
        "<p>Summer reading: ten books the librarians recommend for the holidays. Read more</p>",
    );
    let a = extract(html.as_bytes());
    assert!(!a.text.contains("ten books"), "{}", a.text);
}

#[test]
fn html_standfirst_above_the_body_container_is_kept() {
    let html = format!(
        "<html><head><title>Library reopens</title></head><body>\
<div class=\"page\"><div class=\"promo-strip\"><p>Our shop is open all week long, with gifts, maps and prints of the county for sale to all visitors.</p></div>\
<div class=\"page-main\"><div class=\"news-single\"><h2>Library reopens after repairs</h2>\
<div class=\"news-teaser\"><p>After a year of repairs, readers are back in the county library, with longer hours and a corner for children.</p></div>\
<p class=\"author\">By Ann Lee</p><p>Ann Lee</p><p>4 May 2024</p><p>Close</p>\
<div class=\"news-body\">{STORY}</div></div></div></div></body></html>"
    );
    let a = extract(html.as_bytes());
    assert!(
        a.text
            .starts_with("After a year of repairs, readers are back in the county library"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("Our shop is open"), "{}", a.text);
    assert!(!a.text.contains("By Ann Lee"), "{}", a.text);
}

#[test]
fn html_header_or_overlay_wrapping_the_story_is_a_wrapper() {
    // A "header" that wraps the whole story keeps its headings and list items.
    let html = format!(
        "<html><head><title>Library reopens</title></head><body>\
<header class=\"post-header\"><h1>Library reopens</h1>{STORY}<h2>Opening hours</h2>\
<ul><li>Weekdays from nine in the morning until eight in the evening.</li><li>Saturdays from ten until four.</li></ul></header></body></html>"
    );
    let a = extract(html.as_bytes());
    assert!(a.text.contains("Opening hours"), "{}", a.text);
    assert!(
        a.text.contains("Saturdays from ten until four."),
        "{}",
        a.text
    );
    // An element marked as a modal or overlay that also carries a content word
    // (`article`) and wraps the story is a wrapper, not a popup.
    let html = format!(
        "<html><head><title>Library reopens</title></head><body><div id=\"page_overlay\" class=\"box article modal-enabled\">{STORY}</div></body></html>"
    );
    let a = extract(html.as_bytes());
    assert!(a.text.contains("reopened its reading room"), "{}", a.text);
    assert!(a.text.contains("twice a month."), "{}", a.text);
}

#[test]
fn trafilatura_takes_our_candidate_when_its_own_extraction_is_empty() {
    // The story sits in a layout trafilatura's own extraction does not read as
    // content (a menu-only body); the candidate is what another finder found.
    let html = "<html><body><div class=\"menu\"><a href=\"/\">Home</a> <a href=\"/a\">About</a></div></body></html>";
    let blocks: Vec<Block> = [
        "The harbour authority said on Tuesday that the new quay would open in the spring, after two years of delays.",
        "Fishermen who moor there welcomed the news but said fees had risen by a third since the works began.",
        "The mayor promised a review of the fees before the summer season, when the quay is busiest.",
    ]
    .iter()
    .map(|t| Block {
        text: t.to_string(),
        kind: BlockKind::Paragraph,
    })
    .collect();
    let finder = TrafilaturaFinder::default();
    let with = finder.find_with_candidate(Document::parse(html), Needs::all(), &blocks);
    let text: Vec<&str> = with.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        text.iter().any(|t| t.contains("new quay would open")),
        "candidate not used: {text:?}"
    );
    let without = finder.find(Document::parse(html));
    assert!(!without
        .blocks
        .iter()
        .any(|b| b.text.contains("new quay would open")));
}

// ---------------------------------------------------------------------------
// Metadata without trafilatura (stop 18): each rule below used to be left to
// trafilatura's heuristics on the fast path.
// ---------------------------------------------------------------------------

/// A story page: `head` in `<head>`, `body_class` on `<body>`, `top` right after the
/// headline, `bottom` after the story (far from the headline).
fn meta_page(head: &str, body_class: &str, top: &str, bottom: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Night buses return to the valley routes</title>{head}</head><body class="{body_class}">
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="main"><h1>Night buses return to the valley routes</h1>{top}
<p>The regional transport board said on Monday that night buses will run again on the three valley routes, after a trial last winter drew more riders than expected.</p>
<p>Drivers will be hired from the spring, and the first buses are due to leave the central station shortly after midnight on Fridays and Saturdays, the board said.</p>
<p>Shop owners in the valley towns welcomed the plan, saying that late shifts had been hard to staff since the last bus was moved to half past ten.</p>
{bottom}</div>
<aside class="sidebar"><h3>Latest</h3><ul><li><span>4 March 2019</span> <a class="latest-post-author-link">Old Writer</a></li></ul></aside>
</body></html>"#
    )
}

const BUS_URL: &str = "https://valleypost.example/news/night-buses";

/// The metadata our own walk gives (the fast finder alone: no trafilatura guesses).
fn meta_of(html: &str) -> Article {
    let mut page =
        dateline_ingest::page_from_bytes("t.html", InputFormat::Html, html.as_bytes().to_vec());
    page.url = Some(BUS_URL.into());
    HtmlExtractor::new(Arc::new(FastFinder::default()))
        .extract(&page)
        .article
}

/// The publication date our own walk gives a page (it must find one).
fn published(html: &str) -> String {
    meta_of(html).published.expect("a publication date").value
}

#[test]
fn html_meta_author_keys_tried_in_turn() {
    // A Facebook page in `article:author` does not hide the name in `parsely-author`.
    let head = r#"<meta property="article:author" content="https://www.facebook.com/valleypost"><meta name="parsely-author" content="Ann Lee">"#;
    assert_eq!(meta_of(&meta_page(head, "", "", "")).authors, ["Ann Lee"]);
    // `twitter:data1` is the author only under an author label.
    let head = r#"<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Rui Costa">"#;
    assert_eq!(meta_of(&meta_page(head, "", "", "")).authors, ["Rui Costa"]);
    let head = r#"<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="4 minutes">"#;
    assert!(meta_of(&meta_page(head, "", "", "")).authors.is_empty());
}

#[test]
fn html_meta_json_ld_author_by_reference() {
    let head = r##"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
{"@type":"Article","headline":"Night buses return","author":{"@id":"https://valleypost.example/#/person/7"}},
{"@type":"Person","@id":"https://valleypost.example/#/person/7","name":"Mara Olsen"}]}</script>"##;
    let a = meta_of(&meta_page(head, "", "", ""));
    assert_eq!(a.authors, ["Mara Olsen"]);
    assert_eq!(a.byline.unwrap().source, Provenance::JsonLd);
}

#[test]
fn html_meta_loose_byline_classes() {
    // A class that merely holds "author", under a body whose class names a sidebar
    // (the page layout, not an aside); the sidebar's own author link is not taken.
    let top = r#"<p class="entry-meta"><span class="entry-meta-author vcard"><a class="fn">Helga Brandt</a></span></p>"#;
    let a = meta_of(&meta_page("", "single one-sidebar", top, ""));
    assert_eq!(a.authors, ["Helga Brandt"]);
    // Drupal's "submitted" line.
    let top = r#"<div class="submitted">Posted by <span class="username">tomk</span></div>"#;
    assert_eq!(meta_of(&meta_page("", "", top, "")).authors, ["tomk"]);
    // Comment authors and author bios are not bylines.
    let bottom = r#"<div class="comment-author">Troll Person</div><div class="author-bio">Old Writer writes about buses.</div>"#;
    assert!(meta_of(&meta_page("", "", "", bottom)).authors.is_empty());
}

#[test]
fn html_meta_date_on_any_element_marked_published() {
    let bottom = r#"<p>Filed: <span itemprop="datePublished" content="2021-10-14T09:00:00+02:00">Thursday</span></p>"#;
    let p = meta_of(&meta_page("", "", "", bottom)).published.unwrap();
    assert_eq!(p.value, "2021-10-14T09:00:00+02:00");
    assert_eq!(p.source, Provenance::TimeElement);
    let bottom = r#"<p><abbr class="published" title="2017-09-09T10:52:00+02:00">10:52</abbr></p>"#;
    assert_eq!(
        published(&meta_page("", "", "", bottom)),
        "2017-09-09T10:52:00+02:00"
    );
}

#[test]
fn html_meta_time_inside_a_long_headline() {
    let html = meta_page("", "", "", "").replace(
        "<h1>Night buses return to the valley routes</h1>",
        "<h1><span class=\"kicker\">Transport board, valley towns and unions <time datetime=\"2022-02-01\">1 February</time></span> Night buses return to the valley routes after the long trial of the past winter</h1>",
    );
    assert_eq!(meta_of(&html).published.unwrap().value, "2022-02-01");
}

#[test]
fn html_meta_any_publication_meta_key() {
    let head = r#"<meta name="published" content="July 17, 2025">"#;
    assert_eq!(
        meta_of(&meta_page(head, "", "", ""))
            .published
            .unwrap()
            .value,
        "2025-07-17"
    );
    // A publisher is not a publication date.
    let head = r#"<meta name="publisher-founded" content="1999-01-01">"#;
    assert!(meta_of(&meta_page(head, "", "", "")).published.is_none());
}

#[test]
fn html_meta_update_date_when_nothing_else_dates_the_page() {
    // "Last updated on:" by the headline, the date on the next line.
    let top = r#"<div class="hero"><span>Last updated on:</span><div>October 1, 2025</div></div>"#;
    let p = meta_of(&meta_page("", "", top, "")).published.unwrap();
    assert_eq!(p.value, "2025-10-01");
    // An update stamp far from the headline, its date in the title attribute.
    let bottom = r#"<span class="updated" title="2013-04-04T18:52:11+00:00"></span>"#;
    assert_eq!(
        published(&meta_page("", "", "", bottom)),
        "2013-04-04T18:52:11+00:00"
    );
    // A long "last edited" line, a date written month/day/year.
    let bottom =
        r#"<p class="info">Page history (last edited 11/10/2019 13:28:18 by Wiki Admin)</p>"#;
    assert!(meta_of(&meta_page("", "", "", bottom)).published.is_none());
    let bottom =
        r#"<p class="info">Page history (last edited 11/30/2019 13:28:18 by Wiki Admin)</p>"#;
    assert_eq!(published(&meta_page("", "", "", bottom)), "2019-11-30");
    // The metadata's modification date.
    let head = r#"<script type="application/ld+json">{"@type":"Article","dateModified":"2025-07-09 11:50:26"}</script>"#;
    assert_eq!(
        meta_of(&meta_page(head, "", "", ""))
            .published
            .unwrap()
            .value
            .get(..10),
        Some("2025-07-09")
    );
    // A publication date in the metadata stays, whatever the stamps say.
    let head = r#"<meta property="article:published_time" content="2025-06-01">"#;
    assert_eq!(
        meta_of(&meta_page(head, "", top, ""))
            .published
            .unwrap()
            .value,
        "2025-06-01"
    );
}

#[test]
fn html_meta_data_scripts_and_copyright_lines_date_an_undated_page() {
    // A framework's page state: a publication key wins over a creation key that
    // comes first.
    let head = r#"<script type="application/json" id="__APP_STATE__">{"menu":{"createdAt":"2020-01-02T10:00:00Z"},"story":{"id":7,"publishedAt":"2022-01-31T15:58:43+01:00"}}</script>"#;
    let p = meta_of(&meta_page(head, "", "", "")).published.unwrap();
    assert_eq!(p.value, "2022-01-31T15:58:43+01:00");
    assert_eq!(p.source, Provenance::Meta);
    // A creation key alone.
    let head = r#"<script type="application/json">{"block":{"createdAt":"2019-01-28T14:39:24Z"}}</script>"#;
    assert_eq!(
        published(&meta_page(head, "", "", "")),
        "2019-01-28T14:39:24Z"
    );
    // Not in a script that is code; and a date the page prints comes first.
    let head = r#"<script>var state = {"publishedAt":"2022-01-31T15:58:43Z"};</script>"#;
    assert!(meta_of(&meta_page(head, "", "", "")).published.is_none());
    let head = r#"<script type="application/json">{"publishedAt":"2022-01-31T15:58:43Z"}</script>"#;
    let top = r#"<p class="byline">By Ann Lee, March 2, 2024</p>"#;
    assert_eq!(published(&meta_page(head, "", top, "")), "2024-03-02");
    // A dated copyright line; a year alone dates nothing.
    let bottom = r#"<footer><p>Copyright © 19.12.2019 - 12:14 h by Valley Transit GmbH. All rights reserved.</p></footer>"#;
    assert_eq!(published(&meta_page("", "", "", bottom)), "2019-12-19");
    let bottom = r#"<footer><p>© 2019 Valley Transit GmbH. All rights reserved.</p></footer>"#;
    assert!(meta_of(&meta_page("", "", "", bottom)).published.is_none());
}

#[test]
fn html_meta_date_in_a_byline_far_from_the_headline() {
    let bottom = r#"<div class="byline">Von Tomas Berg, Fr, 18. Oktober 2019</div>"#;
    let a = meta_of(&meta_page("", "", "", bottom));
    assert_eq!(a.published.unwrap().value, "2019-10-18");
}

#[test]
fn html_meta_date_lines_outside_teasers_first() {
    // Nothing else dates the page: the first line that is little but a date.
    let bottom = r#"<div class="info"><span>23.07.2025</span></div>"#;
    assert_eq!(published(&meta_page("", "", "", bottom)), "2025-07-23");
    // A teaser's date only when there is no other.
    let teaser = r#"<div class="teaser-meta"><span>02.01.2022</span></div>"#;
    assert_eq!(
        meta_of(&meta_page("", "", "", &format!("{teaser}{bottom}")))
            .published
            .unwrap()
            .value,
        "2025-07-23"
    );
    assert_eq!(published(&meta_page("", "", "", teaser)), "2022-01-02");
    // Never a sidebar's, nor a sentence quoting a date.
    let bottom =
        r#"<p>Tickets bought before 12 May 2024 stay valid until the end of the year.</p>"#;
    assert!(meta_of(&meta_page("", "", "", bottom)).published.is_none());
}

#[test]
fn html_meta_two_digit_year_in_a_date_element() {
    let top = r#"<span class="post-date">Verkehr, 2.11.22</span>"#;
    assert_eq!(published(&meta_page("", "", top, "")), "2022-11-02");
}

#[test]
fn html_meta_shown_utc_day_does_not_overrule_local_metadata() {
    // A German page whose metadata says 23:00 UTC (midnight in Berlin) and prints
    // the UTC day by the headline: the local day stands.
    let head = r#"<meta property="article:published_time" content="2022-11-06T23:00:00.000Z">"#;
    let html = meta_page(head, "", r#"<time class="post-date">6.11.2022</time>"#, "")
        .replace("<html lang=\"en\">", "<html lang=\"de\">");
    assert_eq!(
        meta_of(&html).published.unwrap().value.get(..10),
        Some("2022-11-07")
    );
}

#[test]
fn html_meta_site_name_from_the_title_part_naming_the_host() {
    let html = meta_page(r#"<meta name="author" content="Ann Lee">"#, "", "", "").replace(
        "<title>Night buses return to the valley routes</title>",
        "<title>Night buses return to the valley routes | Ann Lee</title>",
    );
    let a = extract_at(&html, "https://www.annlee.example/posts/night-buses");
    assert_eq!(a.site.unwrap().value, "Ann Lee");
    // A personal blog: its author may carry the site's name.
    assert_eq!(a.authors, ["Ann Lee"]);
    assert_eq!(
        a.title.unwrap().value,
        "Night buses return to the valley routes"
    );
}

#[test]
fn html_cascade_leaves_trafilatura_metadata_off_by_default() {
    assert!(!TrafilaturaFinder::default().metadata_heuristics());
    assert!(TrafilaturaFinder::default()
        .with_metadata_heuristics(true)
        .metadata_heuristics());
}

#[test]
fn html_meta_title_from_parsely() {
    let head = r#"<meta name="parsely-title" content="Night buses return to the valley">"#;
    let page = meta_page(head, "", "", "")
        .replace("<title>Night buses return to the valley routes</title>", "");
    assert_eq!(
        meta_of(&page).title.map(|t| t.value).as_deref(),
        Some("Night buses return to the valley")
    );
}
