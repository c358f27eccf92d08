//! One walk over a parsed page: every element the page facts (`extract.rs`) and the Lighthouse checks
//! (`checks.rs`) look at, sorted into lists in document order, with what each needs to know of its
//! ancestors (hidden, inside a label, a form, a link, the body; the nearest `lang`), and the page's visible
//! text, all from a single traversal of the tree. The readers then go through short lists instead of
//! matching a dozen selectors against every element, and ask nothing of an element's ancestors again.
//!
//! The one place the tree is walked again is the inside of each link, once ([`LinkTexts`]): the three texts
//! a link has (its text, what a browser renders of it, its accessible name) differ in what they leave out,
//! and a link's subtree is small.

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// An element with what the walk knew of its ancestors when it met it.
#[derive(Clone, Copy)]
pub(crate) struct Met<'a> {
    pub el: ElementRef<'a>,
    /// Hidden from assistive technology: `hidden`, `aria-hidden="true"`, an inline `display:none` or
    /// `visibility:hidden`, or inside a closed `<details>` (past its summary), on the element or an ancestor.
    pub hidden: bool,
    /// Inside a `<label>`.
    pub in_label: bool,
}

/// A form field (`input`, `select`, `textarea`) or a form's submit control, and the forms it is inside.
pub(crate) struct InForm<'a> {
    pub met: Met<'a>,
    /// Indexes into [`Page::forms`] of every form around it (forms do not nest in parsed HTML; a script's
    /// DOM may nest them, and then the field counts in each, as a selector inside each form finds it).
    pub forms: Vec<usize>,
}

/// A link (`<a href>` or `<area href>`, or an `<a>` without one) and the language of its text.
pub(crate) struct Anchor<'a> {
    pub met: Met<'a>,
    /// The `lang` of the link itself or its nearest ancestor that states one.
    pub lang: Option<&'a str>,
}

/// The elements of a page, sorted by what reads them, each list in document order.
#[derive(Default)]
pub(crate) struct Page<'a> {
    /// The visible text: text outside scripts, styles, templates and the like, a line per block.
    pub text: String,
    /// `<html>`, the document's root element.
    pub root: Option<ElementRef<'a>>,
    /// `<base href>`.
    pub base: Vec<ElementRef<'a>>,
    pub title: Vec<ElementRef<'a>>,
    pub meta: Vec<ElementRef<'a>>,
    /// `<link>`s, and whether each is inside `<body>` (Lighthouse reads those of the head only).
    pub link: Vec<(ElementRef<'a>, bool)>,
    pub h1: Vec<ElementRef<'a>>,
    pub address: Vec<ElementRef<'a>>,
    /// `<a>` (with or without `href`) and `<area href>`.
    pub anchor: Vec<Anchor<'a>>,
    pub img: Vec<Met<'a>>,
    pub form: Vec<ElementRef<'a>>,
    /// `input`, `select`, `textarea`.
    pub field: Vec<InForm<'a>>,
    /// `<button>` and `<input type=submit>` inside a form.
    pub submit: Vec<InForm<'a>>,
    /// The ids `<label for>`s name: fields labelled from elsewhere.
    pub label_for: Vec<&'a str>,
    pub button: Vec<Met<'a>>,
    pub script: Vec<ElementRef<'a>>,
    /// Tilda's zero-block form definitions (`textarea.tn-atom__inputs-textarea`).
    pub zero_form: Vec<ElementRef<'a>>,
    /// `<time datetime>`.
    pub time: Vec<ElementRef<'a>>,
    /// `li`, `td`, `dd`: where a price list puts its items.
    pub list_cell: Vec<ElementRef<'a>>,
    /// Headings and what site builders use as headings, outside links, buttons and navigation (see
    /// [`section_heading`]).
    pub section_heading: Vec<ElementRef<'a>>,
    /// `iframe[src]`, `iframe[data-src]`, `script[src]`: what a page embeds.
    pub embed: Vec<ElementRef<'a>>,
    /// `h1`–`h6` and `role="heading"`: what axe's heading order looks at.
    pub heading: Vec<Met<'a>>,
    pub any_id: Vec<ElementRef<'a>>,
    pub labelledby: Vec<ElementRef<'a>>,
    pub lang: Vec<ElementRef<'a>>,
}

/// What the walk keeps of each open element.
struct Open<'a> {
    hidden: bool,
    closed_details: bool,
    lang: Option<&'a str>,
    /// Counted in `Ancestors` when it opened (so closing it uncounts it).
    kinds: Kinds,
}

/// Kinds of ancestors the readers ask about.
#[derive(Clone, Copy, Default)]
struct Kinds {
    label: bool,
    body: bool,
    /// `a`, `button`, `nav`, `label`, `option`, `select`, `script`, `template`: text inside is a way to another
    /// page or not text at all, never a section heading.
    link_like: bool,
    form: Option<usize>,
    hidden_text: bool,
}

/// How many open elements of each kind surround the walk's position.
#[derive(Default)]
struct Ancestors {
    label: usize,
    body: usize,
    link_like: usize,
    hidden_text: usize,
    forms: Vec<usize>,
}

impl Ancestors {
    fn enter(&mut self, kinds: Kinds) {
        self.label += usize::from(kinds.label);
        self.body += usize::from(kinds.body);
        self.link_like += usize::from(kinds.link_like);
        self.hidden_text += usize::from(kinds.hidden_text);
        if let Some(form) = kinds.form {
            self.forms.push(form);
        }
    }

    fn leave(&mut self, kinds: Kinds) {
        self.label -= usize::from(kinds.label);
        self.body -= usize::from(kinds.body);
        self.link_like -= usize::from(kinds.link_like);
        self.hidden_text -= usize::from(kinds.hidden_text);
        if kinds.form.is_some() {
            self.forms.pop();
        }
    }
}

impl<'a> Page<'a> {
    /// Walks `document` once.
    pub(crate) fn walk(document: &'a Html) -> Self {
        let mut page = Page { root: Some(document.root_element()), ..Page::default() };
        let mut open: Vec<Open<'a>> = Vec::new();
        let mut around = Ancestors::default();
        for edge in document.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(_) => {
                        let Some(e) = ElementRef::wrap(node) else { continue };
                        let entered = page.meet(e, open.last(), &around);
                        around.enter(entered.kinds);
                        open.push(entered);
                    }
                    Node::Text(t) if around.hidden_text == 0 => {
                        // The source's line breaks are layout, not blocks.
                        if t.contains(['\n', '\r']) {
                            page.text.extend(t.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
                        } else {
                            page.text.push_str(t);
                        }
                        page.text.push(' ');
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(e) = node.value() else { continue };
                    if let Some(closed) = open.pop() {
                        around.leave(closed.kinds);
                        if around.hidden_text == 0 && !closed.kinds.hidden_text && is_block(e.name()) {
                            line_break(&mut page.text);
                        }
                    }
                }
            }
        }
        page
    }

    /// Sorts one element into the lists that read it; what it tells of its descendants is returned.
    fn meet(&mut self, e: ElementRef<'a>, parent: Option<&Open<'a>>, around: &Ancestors) -> Open<'a> {
        let v = e.value();
        let name = v.name();
        // The attributes every element is asked about, in one pass over them (not a scan per question).
        let a = Attrs::of(v);
        let hidden = parent.is_some_and(|p| p.hidden || (p.closed_details && name != "summary")) || a.hide();
        let lang = a.lang.or_else(|| parent.and_then(|p| p.lang));
        let met = Met { el: e, hidden, in_label: around.label > 0 };
        let in_form = |met: Met<'a>| InForm { met, forms: around.forms.clone() };
        let zero_form = name == "textarea" && a.has_class("tn-atom__inputs-textarea");
        let mut kinds = Kinds {
            label: name == "label",
            body: name == "body",
            link_like: matches!(name, "a" | "button" | "nav" | "label" | "option" | "select" | "script" | "template"),
            form: None,
            hidden_text: is_hidden_text(name, zero_form),
        };
        if around.hidden_text == 0 && name == "br" {
            line_break(&mut self.text);
        }
        match name {
            "base" if v.attr("href").is_some() => self.base.push(e),
            "title" => self.title.push(e),
            "meta" => self.meta.push(e),
            "link" => self.link.push((e, around.body > 0)),
            "a" => self.anchor.push(Anchor { met, lang }),
            "area" if v.attr("href").is_some() => self.anchor.push(Anchor { met, lang }),
            "img" => self.img.push(met),
            "form" => {
                kinds.form = Some(self.form.len());
                self.form.push(e);
            }
            "input" | "select" | "textarea" => {
                if name == "input" && v.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("submit")) {
                    self.submit.push(in_form(met));
                }
                if zero_form {
                    self.zero_form.push(e);
                }
                self.field.push(in_form(met));
            }
            "label" => self.label_for.extend(v.attr("for")),
            "button" => {
                self.button.push(met);
                self.submit.push(in_form(met));
            }
            "script" => {
                self.script.push(e);
                if v.attr("src").is_some() {
                    self.embed.push(e);
                }
            }
            "iframe" if v.attr("src").is_some() || v.attr("data-src").is_some() => self.embed.push(e),
            "time" if v.attr("datetime").is_some() => self.time.push(e),
            "li" | "td" | "dd" => self.list_cell.push(e),
            "address" => self.address.push(e),
            _ => {}
        }
        if name == "h1" {
            self.h1.push(e);
        }
        let heading_level = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if heading_level || a.role.is_some_and(|r| r.trim() == "heading") {
            self.heading.push(met);
        }
        if around.link_like == 0 && section_heading(name, &a) {
            self.section_heading.push(e);
        }
        if a.id {
            self.any_id.push(e);
        }
        if a.labelledby {
            self.labelledby.push(e);
        }
        if a.lang.is_some() {
            self.lang.push(e);
        }
        Open { hidden, closed_details: name == "details" && !a.open, lang, kinds }
    }

    /// The fields of form `form` (an index into [`Page::form`]).
    pub(crate) fn fields_of(&self, form: usize) -> impl Iterator<Item = &InForm<'a>> {
        self.field.iter().filter(move |f| f.forms.contains(&form))
    }

    /// The submit controls of form `form`.
    pub(crate) fn submits_of(&self, form: usize) -> impl Iterator<Item = &InForm<'a>> {
        self.submit.iter().filter(move |f| f.forms.contains(&form))
    }
}

/// Ends the visible text's line, if it has one going.
fn line_break(text: &mut String) {
    if text.ends_with(' ') {
        text.pop();
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// The attributes the walk asks every element about, read in one pass.
#[derive(Default)]
struct Attrs<'a> {
    lang: Option<&'a str>,
    role: Option<&'a str>,
    class: Option<&'a str>,
    field: Option<&'a str>,
    aria_hidden: Option<&'a str>,
    style: Option<&'a str>,
    id: bool,
    labelledby: bool,
    hidden: bool,
    open: bool,
}

impl<'a> Attrs<'a> {
    fn of(v: &'a scraper::node::Element) -> Self {
        let mut a = Attrs::default();
        // As `attr` reads them: attributes in no namespace (`xml:lang` on an SVG element is another).
        for (name, value) in v.attrs.iter().filter(|(name, _)| name.ns.is_empty()) {
            let value: &str = value;
            match &*name.local {
                "lang" => a.lang = a.lang.or(Some(value)),
                "role" => a.role = a.role.or(Some(value)),
                "class" => a.class = a.class.or(Some(value)),
                "field" => a.field = a.field.or(Some(value)),
                "aria-hidden" => a.aria_hidden = a.aria_hidden.or(Some(value)),
                "style" => a.style = a.style.or(Some(value)),
                "id" => a.id = true,
                "aria-labelledby" => a.labelledby = true,
                "hidden" => a.hidden = true,
                "open" => a.open = true,
                _ => {}
            }
        }
        a
    }

    /// See [`own_hidden`].
    fn hide(&self) -> bool {
        hides(self.hidden, self.aria_hidden, self.style)
    }

    /// Whether the element has `class` among its classes.
    fn has_class(&self, class: &str) -> bool {
        self.class.is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// Elements whose text a visitor never sees as text: scripts, styles, templates, and the form definitions Tilda
/// keeps in a hidden textarea (`zero_form`: a `textarea.tn-atom__inputs-textarea`).
fn is_hidden_text(name: &str, zero_form: bool) -> bool {
    matches!(name, "script" | "style" | "template" | "noscript" | "svg" | "head") || zero_form
}

/// Headings, and the blocks site builders use as headings: Tilda's title fields, bold lead words, terms of a
/// definition list, a details summary, a fieldset legend (as the selector `h1, h2, h3, h4, h5, h6, summary,
/// dt, legend, strong, b, [class*=title], [class*=heading], [class~=t-name], [field=title], [field=btitle]`).
fn section_heading(name: &str, a: &Attrs) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "summary" | "dt" | "legend" | "strong" | "b")
        || a.class.is_some_and(|c| c.contains("title") || c.contains("heading"))
        || a.has_class("t-name")
        || a.field.is_some_and(|f| f == "title" || f == "btitle")
}

/// The element itself (not its ancestors) is hidden by `hidden`, `aria-hidden="true"` or an inline
/// `display:none` / `visibility:hidden`.
pub(crate) fn own_hidden(v: &scraper::node::Element) -> bool {
    hides(v.attr("hidden").is_some(), v.attr("aria-hidden"), v.attr("style"))
}

/// [`own_hidden`] from the three attributes.
fn hides(hidden: bool, aria_hidden: Option<&str>, style: Option<&str>) -> bool {
    hidden
        || aria_hidden.is_some_and(|h| h.trim().eq_ignore_ascii_case("true"))
        || style.is_some_and(|s| {
            let s = s.replace(' ', "").to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// Elements that stand as blocks of their own: their text is a line of the visible text, so an address, a
/// label or a heading is read within its block and never runs on into the next.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "td"
            | "th"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "address"
            | "table"
            | "form"
            | "blockquote"
            | "pre"
            | "nav"
            | "aside"
            | "main"
            | "figure"
            | "figcaption"
            | "option"
            | "hr"
    )
}

/// A link's three texts, from one walk over its inside.
pub(crate) struct LinkTexts {
    /// Every text inside, as written (what the page facts read).
    pub text: String,
    /// What a browser renders (`innerText`): hidden parts and image `alt` left out, whitespace collapsed.
    pub rendered: String,
    /// The accessible name from content (accname): text, and for each element inside its `aria-label`, an
    /// image's `alt`, or its own content; hidden parts left out; whitespace collapsed.
    pub name: String,
}

impl LinkTexts {
    /// One iterative walk, so a link wrapping thousands of nested elements cannot overflow the stack.
    pub(crate) fn of(element: ElementRef) -> Self {
        // Most links hold one text and nothing else: all three texts are that text.
        let mut children = element.children();
        if let (Some(only), None) = (children.next(), children.next())
            && let Some(t) = only.value().as_text()
        {
            let said = collapsed(t);
            return LinkTexts { text: t.to_string(), rendered: said.clone(), name: said };
        }
        let mut text = String::new();
        let mut rendered = String::new();
        let mut name = String::new();
        // Whether each open element inside hides itself (asked once per element), and how many of them do: the
        // rendered text leaves out what is inside any.
        let mut hiding: Vec<bool> = Vec::new();
        let mut hidden_depth = 0usize;
        // The subtree the name passes over: hidden (no trace), or named by its label or alt (already written).
        let mut passed: Option<(NodeId, bool)> = None;
        for edge in element.traverse() {
            match edge {
                Edge::Open(node) if node.id() != element.id() => {
                    if let Some(t) = node.value().as_text() {
                        text.push_str(t);
                        if hidden_depth == 0 {
                            rendered.push_str(t);
                        }
                        if passed.is_none() {
                            name.push_str(t);
                        }
                        continue;
                    }
                    let Some(e) = ElementRef::wrap(node) else { continue };
                    let v = e.value();
                    let hidden = own_hidden(v);
                    hiding.push(hidden);
                    hidden_depth += usize::from(hidden);
                    if passed.is_some() {
                        continue;
                    }
                    if hidden {
                        passed = Some((node.id(), true));
                        continue;
                    }
                    name.push(' ');
                    match (v.attr("aria-label").filter(|l| !l.trim().is_empty()), v.name()) {
                        (Some(label), _) => {
                            name.push_str(label);
                            passed = Some((node.id(), false));
                        }
                        (None, "img" | "area") => {
                            name.push_str(v.attr("alt").unwrap_or(""));
                            passed = Some((node.id(), false));
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) if node.id() != element.id() => {
                    if !node.value().is_element() {
                        continue;
                    }
                    hidden_depth -= usize::from(hiding.pop().unwrap_or(false));
                    match passed {
                        Some((id, hidden)) if id == node.id() => {
                            passed = None;
                            if !hidden {
                                name.push(' ');
                            }
                        }
                        None => name.push(' '),
                        Some(_) => {}
                    }
                }
                _ => {}
            }
        }
        LinkTexts { text, rendered: collapsed(&rendered), name: collapsed(&name) }
    }
}

/// Words joined by single spaces.
fn collapsed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
