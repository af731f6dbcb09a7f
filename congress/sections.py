"""The congress section's pages, in the order of the congress sites' menu."""

# (key, label, URL name)
SECTIONS = [
    ("tin-tuc", "Tin tức", "congress:news"),
    ("tu-lieu", "Tư liệu Đại hội", "congress:documents"),
    ("nhan-su", "Nhân sự đại hội", "congress:people"),
    ("phong-su-anh", "Phóng sự ảnh", "congress:photo_reports"),
    ("video", "Video", "congress:video"),
    ("audio", "Audio", "congress:audio"),
    ("y-kien", "Ý kiến đóng góp", "congress:feedback"),
]
