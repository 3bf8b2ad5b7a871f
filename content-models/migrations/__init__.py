"""jinzhi."""
