"""Swiss date and number formats per language (FORMAT_MODULE_PATH in settings).

The language codes are the plain ones (de, fr, it, en), so Django would otherwise use the
German, French and Italian conventions of Germany, France and Italy.
"""
