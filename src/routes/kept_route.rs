//! The view of the path shown, with the last few views the reader left
//! kept alive (issue 34): Back or Forward to one of them puts its nodes back
//! as they were, with its scroll position, instead of fetching, decoding,
//! building and laying out the page again. Which views are kept and for how
//! long is [`crate::kept`]'s (pure, tested natively); this is the part that
//! moves nodes.
//!
//! Each view is built under an owner of its own, a child of
//! [`PathPage`](super::path_page::PathPage)'s, so that leaving it does not
//! dispose of its resources and effects; a view no longer kept is disposed
//! of then. A kept view's nodes wait in a detached `<div>`: anything that
//! changes in it meanwhile changes there, not in the page, and no id is
//! ever in the document twice.

use leptos::attr::any_attribute::AnyAttribute;
use leptos::prelude::*;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

use crate::browser;
use crate::kept::{restores, Kept, MAX_KEPT_VIEWS};

type Make = Box<dyn FnOnce() -> AnyView + Send>;

/// What [`PathPage`](super::path_page::PathPage) shows for a path.
pub struct KeptRoute {
    path: String,
    /// Whether the view may be kept (a page of data; not search or the
    /// not-found view, which do their work as they are shown).
    keep: bool,
    /// Whether the reader came by Back or Forward.
    traversal: bool,
    /// The owner kept views hang from.
    parent: Owner,
    make: Make,
}

impl KeptRoute {
    /// `parent` must outlive every view: `PathPage`'s own owner, taken in
    /// its body, not the render effect's, which is cleaned up (with its
    /// children) each time the path changes.
    pub fn new(path: String, keep: bool, traversal: bool, parent: Owner, make: Make) -> Self {
        Self {
            path,
            keep,
            traversal,
            parent,
            make,
        }
    }

    fn show(self) -> Shown {
        let owner = self.parent.child();
        let state = owner.with(|| (self.make)().build());
        Shown {
            path: self.path,
            keep: self.keep,
            owner,
            state,
            head: None,
        }
    }
}

/// A view built, shown or kept.
struct Shown {
    path: String,
    keep: bool,
    owner: Owner,
    state: AnyViewState,
    /// While kept: the document's title and description it had.
    head: Option<(String, Option<String>)>,
}

impl Drop for Shown {
    fn drop(&mut self) {
        self.owner.cleanup();
    }
}

pub struct KeptRouteState {
    shown: Shown,
    kept: Kept<Shown>,
    /// Where the view is mounted, for a view that has no node to insert
    /// the next one before.
    parent: Option<Element>,
    marker: Option<Node>,
}

impl Render for KeptRoute {
    type State = KeptRouteState;

    fn build(self) -> Self::State {
        KeptRouteState {
            shown: self.show(),
            kept: Kept::new(MAX_KEPT_VIEWS),
            parent: None,
            marker: None,
        }
    }

    fn rebuild(self, state: &mut Self::State) {
        let restored = restores(self.traversal, self.keep)
            .then(|| state.kept.take(&self.path))
            .flatten();
        let is_restored = restored.is_some();
        let mut next = match restored {
            Some(kept) => kept,
            None => self.show(),
        };
        // The next view goes where the one shown is, then that one leaves.
        if !state.shown.state.insert_before_this(&mut next.state) {
            if let Some(parent) = &state.parent {
                next.state.mount(parent, state.marker.as_ref());
            }
        }
        let mut left = std::mem::replace(&mut state.shown, next);
        // A view left before its page arrived (still loading, or an error)
        // is not kept: disposing of it aborts its request.
        if left.keep && shows_a_page(&left.state.elements()) {
            if let Some(holder) = browser::detached_holder() {
                left.head = Some(browser::head_now());
                left.state.mount(&holder, None);
                drop(state.kept.keep(left.path.clone(), left));
            } else {
                left.state.unmount();
            }
        } else {
            left.state.unmount();
        }
        if is_restored {
            if let Some((title, description)) = state.shown.head.take() {
                browser::set_title(&title);
                if let Some(description) = description {
                    browser::set_description(&description);
                }
            }
            // Scroll position, focus and the announcement, as for any view.
            browser::view_ready();
        }
    }
}

/// Whether these elements hold a page's view (`data-view`), not the
/// loading or error view.
fn shows_a_page(elements: &[Element]) -> bool {
    const PAGE: &str = "[data-view]:not([data-view=loading]):not([data-view=error])";
    elements.iter().any(|element| {
        element.matches(PAGE).unwrap_or(false)
            || element.query_selector(PAGE).ok().flatten().is_some()
    })
}

impl Mountable for KeptRouteState {
    fn unmount(&mut self) {
        self.shown.state.unmount();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        self.parent = Some(parent.clone());
        self.marker = marker.cloned();
        self.shown.state.mount(parent, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.shown.state.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        self.shown.state.elements()
    }
}

/// Attributes spread on the route's view have no effect (none are).
impl AddAnyAttr for KeptRoute {
    type Output<SomeNewAttr: Attribute> = KeptRoute;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        self
    }
}

/// On a server (never used by render, which renders the route's content
/// itself) the view is rendered as it is, kept by nobody.
impl RenderHtml for KeptRoute {
    type AsyncOutput = AnyView;
    type Owned = Self;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        (self.make)().resolve().await
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        (self.make)().to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        (self.make)().to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        );
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        let owner = self.parent.child();
        let state = owner.with(|| (self.make)().hydrate::<FROM_SERVER>(cursor, position));
        KeptRouteState {
            shown: Shown {
                path: self.path,
                keep: self.keep,
                owner,
                state,
                head: None,
            },
            kept: Kept::new(MAX_KEPT_VIEWS),
            parent: None,
            marker: None,
        }
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}
