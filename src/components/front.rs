pub mod front_view;
