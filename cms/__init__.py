"""The jinzhi CMS: Django/Wagtail project, export, publishing jobs, search API and the CLI."""
