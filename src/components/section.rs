pub mod section_view;
