"""Django settings: base, dev, test, production."""
