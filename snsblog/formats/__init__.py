"""Dates as each interface language writes them (FORMAT_MODULE_PATH): “7 December
2026” in English, “2026年12月7日” in Japanese. Figures: articles/formatting.py."""
