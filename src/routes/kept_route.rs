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

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::attr::any_attribute::AnyAttribute;
use leptos::prelude::*;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

use wasm_bindgen::JsCast;

use crate::browser;
use crate::kept::{restores, Kept, MAX_KEPT_VIEWS};

type Make = Box<dyn FnOnce() -> AnyView + Send>;

/// Hydrates the islands among the pre-rendered view's nodes, instead of
/// the whole view ([`super::islands`]); returns their states.
pub type Islands = Box<dyn FnOnce(&[Node]) -> Vec<AnyViewState> + Send>;

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
    /// On the pre-rendered page: the view stays as render made it and only
    /// these are hydrated.
    islands: Option<Islands>,
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
            islands: None,
        }
    }

    /// Hydrating the pre-rendered page, hydrate only `islands` and leave
    /// the rest of the view as render made it.
    pub fn with_islands(mut self, islands: Islands) -> Self {
        self.islands = Some(islands);
        self
    }

    fn show(self) -> Shown {
        let owner = self.parent.child();
        let state = owner.with(|| (self.make)().build());
        Shown {
            path: self.path,
            keep: self.keep,
            owner,
            state: Nodes::Live(state),
            head: None,
        }
    }
}

/// A view's nodes: made (built or hydrated) by the app, or pre-rendered
/// nodes, whose hydration (of the whole view, or of its islands) waits for
/// the next task.
enum Nodes {
    Live(AnyViewState),
    Hydrating(Rc<Deferred>),
}

/// The pre-rendered view, hydrated in a task of its own after the page's
/// shell (see [`KeptRoute`]'s `hydrate`).
struct Deferred {
    /// The element whose children are the view's nodes (`<main>`).
    parent: Element,
    /// Those nodes, as they were before the hydration.
    nodes: Vec<Node>,
    /// The view's state, once hydrated.
    state: RefCell<Option<AnyViewState>>,
    /// The islands' states, once hydrated: the nodes then stay render's.
    islands: RefCell<Option<Vec<AnyViewState>>>,
    /// Set when the view leaves before it was hydrated.
    cancelled: Cell<bool>,
}

impl Nodes {
    /// Whether the app's components run the nodes (not still waiting).
    fn is_live(&self) -> bool {
        match self {
            Nodes::Live(_) => true,
            Nodes::Hydrating(deferred) => {
                deferred.state.borrow().is_some() || deferred.islands.borrow().is_some()
            }
        }
    }
}

impl Mountable for Nodes {
    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        match self {
            Nodes::Live(state) => state.mount(parent, marker),
            Nodes::Hydrating(deferred) => match deferred.state.borrow_mut().as_mut() {
                Some(state) => state.mount(parent, marker),
                None => {
                    for node in &deferred.nodes {
                        let _ = parent.insert_before(node, marker);
                    }
                }
            },
        }
    }

    fn unmount(&mut self) {
        match self {
            Nodes::Live(state) => state.unmount(),
            Nodes::Hydrating(deferred) => {
                deferred.cancelled.set(true);
                match deferred.state.borrow_mut().as_mut() {
                    Some(state) => state.unmount(),
                    None => {
                        for node in &deferred.nodes {
                            if let Some(parent) = node.parent_node() {
                                let _ = parent.remove_child(node);
                            }
                        }
                    }
                }
            }
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self {
            Nodes::Live(state) => state.insert_before_this(child),
            Nodes::Hydrating(deferred) => match deferred.state.borrow().as_ref() {
                Some(state) => state.insert_before_this(child),
                None => {
                    let first = deferred.nodes.first();
                    child.mount(&deferred.parent, first);
                    true
                }
            },
        }
    }

    fn elements(&self) -> Vec<Element> {
        match self {
            Nodes::Live(state) => state.elements(),
            Nodes::Hydrating(deferred) => match deferred.state.borrow().as_ref() {
                Some(state) => state.elements(),
                None => deferred
                    .nodes
                    .iter()
                    .filter_map(|node| node.clone().dyn_into::<Element>().ok())
                    .collect(),
            },
        }
    }
}

/// A view built, shown or kept.
struct Shown {
    path: String,
    keep: bool,
    owner: Owner,
    state: Nodes,
    /// While kept: the document's title and description it had.
    head: Option<(String, Option<String>)>,
}

impl Drop for Shown {
    fn drop(&mut self) {
        if let Nodes::Hydrating(deferred) = &self.state {
            deferred.cancelled.set(true);
        }
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
        if !left.state.is_live() {
            // The pre-rendered view, left before its hydration ran.
            browser::first_view_left();
        }
        // A view left before its page arrived (still loading, or an error)
        // is not kept: disposing of it aborts its request. Nor is one made
        // again in place (the same path: news applied, or a link to the
        // page shown).
        if left.keep
            && left.path != state.shown.path
            && left.state.is_live()
            && shows_a_page(&left.state.elements())
        {
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

    /// The pre-rendered view is hydrated in a task of its own, after the
    /// page's shell, so that start-up is several short tasks, not one long
    /// one (issue 34). A page of data hydrates only its islands
    /// ([`KeptRoute::with_islands`]), the search page none (its
    /// placeholder is the search module's), and the not-found view is
    /// hydrated whole. The view is all its parent's children (`<main>`'s,
    /// see `PageShell`), so the shell's hydration steps over them. A
    /// navigation before it runs removes the waiting nodes and cancels it.
    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        let owner = self.parent.child();
        let parent = (position.get() == Position::FirstChild)
            .then(|| cursor.current().dyn_into::<Element>().ok())
            .flatten();
        let Some(parent) = parent else {
            // Not the only child of an element: hydrated at once.
            let state = owner.with(|| (self.make)().hydrate::<FROM_SERVER>(cursor, position));
            return KeptRouteState {
                shown: Shown {
                    path: self.path,
                    keep: self.keep,
                    owner,
                    state: Nodes::Live(state),
                    head: None,
                },
                kept: Kept::new(MAX_KEPT_VIEWS),
                parent: None,
                marker: None,
            };
        };
        let nodes = parent.child_nodes();
        let deferred = Rc::new(Deferred {
            parent: parent.clone(),
            nodes: (0..nodes.length()).filter_map(|i| nodes.item(i)).collect(),
            state: RefCell::new(None),
            islands: RefCell::new(None),
            cancelled: Cell::new(false),
        });
        let (make, islands) = (self.make, self.islands);
        leptos::task::spawn_local({
            let (deferred, owner) = (Rc::clone(&deferred), owner.clone());
            async move {
                browser::yield_to_browser().await;
                if deferred.cancelled.get() {
                    return;
                }
                match islands {
                    Some(islands) => {
                        let states = owner.with(|| islands(&deferred.nodes));
                        *deferred.islands.borrow_mut() = Some(states);
                        // The view is as render made it: ready now.
                        browser::view_ready();
                    }
                    None => {
                        let cursor = Cursor::new(deferred.parent.clone());
                        let position = PositionState::new(Position::FirstChild);
                        let state =
                            owner.with(|| make().hydrate::<FROM_SERVER>(&cursor, &position));
                        *deferred.state.borrow_mut() = Some(state);
                    }
                }
            }
        });
        KeptRouteState {
            shown: Shown {
                path: self.path,
                keep: self.keep,
                owner,
                state: Nodes::Hydrating(deferred),
                head: None,
            },
            kept: Kept::new(MAX_KEPT_VIEWS),
            parent: Some(parent),
            marker: None,
        }
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}
