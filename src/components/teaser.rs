pub mod teaser_card;
pub mod teaser_list;
