"""One data table per filter vendor (field → label → meaning, with the vendor documentation named);
`inspector.filters.registry.VENDORS` lists them."""
