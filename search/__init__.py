"""Chinese full-text search for jinzhi (jieba analysis, embedded FTS5 or Elasticsearch).

Never imports Django: it reads only ``contentmodels.document.Document``.
"""
