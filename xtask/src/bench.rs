use crate::util::Result;
pub fn run(_args: &[String]) -> Result<()> {
    Err("bench is not implemented yet".into())
}
