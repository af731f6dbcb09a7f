"""Document files validated by content, the "Văn bản" register and document pages."""

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress.demo import minimal_pdf
from congress.filechecks import validate_document_file, validate_media_file
from congress.models import DocumentFile, DocumentType
from tests.factories import make_congress, make_document, pdf_file

pytestmark = pytest.mark.django_db

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _zip(members, name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def docx_file(name="du-thao.docx"):
    return _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
        },
        name,
    )


def xlsx_file(name="so-lieu.xlsx"):
    return _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"}, name)


def odt_file(name="du-thao.odt"):
    return _zip(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": "<office:document-content/>",
        },
        name,
    )


def _refusal(upload):
    with pytest.raises(ValidationError) as info:
        validate_document_file(upload)
    return " ".join(info.value.messages)


def test_real_pdf_docx_xlsx_odt_and_ole2_doc_are_accepted():
    assert validate_document_file(pdf_file()) == "pdf"
    assert validate_document_file(docx_file()) == "docx"
    assert validate_document_file(xlsx_file()) == "xlsx"
    assert validate_document_file(odt_file()) == "odt"
    ole2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 512
    assert validate_document_file(SimpleUploadedFile("cu.doc", ole2)) == "doc"
    assert validate_document_file(SimpleUploadedFile("bang.xls", ole2)) == "xls"


def test_renamed_exe_as_pdf_is_refused_with_a_vietnamese_message():
    message = _refusal(SimpleUploadedFile("bao-cao.pdf", EXE_BYTES))
    assert "PDF" in message
    assert "đổi tên" in message  # "may be renamed or damaged", in Vietnamese


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: SimpleUploadedFile("x.docx", EXE_BYTES), id="exe-as-docx"),
        pytest.param(lambda: docx_file("x.pdf"), id="docx-as-pdf"),
        pytest.param(lambda: xlsx_file("x.docx"), id="xlsx-as-docx"),
        pytest.param(
            lambda: _zip({"a.txt": "plain zip"}, "x.docx"), id="plain-zip-as-docx"
        ),
        pytest.param(
            lambda: _zip({"mimetype": "application/epub+zip"}, "x.odt"),
            id="epub-as-odt",
        ),
        pytest.param(
            lambda: SimpleUploadedFile("x.docx", b"PK\x03\x04broken"), id="broken-zip"
        ),
    ],
)
def test_content_not_matching_the_extension_is_refused(upload):
    assert _refusal(upload())


def test_other_extensions_and_empty_files_are_refused():
    assert "PDF, DOC, DOCX" in _refusal(SimpleUploadedFile("virus.exe", EXE_BYTES))
    assert "PDF, DOC, DOCX" in _refusal(SimpleUploadedFile("anh.svg", b"<svg/>"))
    assert "rỗng" in _refusal(SimpleUploadedFile("rong.pdf", b""))


def test_file_over_the_size_limit_is_refused(settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", minimal_pdf("x") + b"0" * 2048)
    message = _refusal(big).replace("\xa0", " ")
    assert "dung lượng tối đa được nhận là 1,0 KB" in message


def test_media_validation_by_content():
    mp3 = SimpleUploadedFile("dien-van.mp3", b"ID3\x03\x00" + b"\x00" * 100)
    assert validate_media_file(mp3)
    mp4 = SimpleUploadedFile("video.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    assert validate_media_file(mp4)
    with pytest.raises(ValidationError):
        validate_media_file(SimpleUploadedFile("video.mp4", EXE_BYTES))


def test_stored_file_gets_safe_name_type_and_size():
    document = make_document()
    stored = DocumentFile(document=document, file=pdf_file("Báo cáo chính trị.pdf"))
    stored.full_clean()
    stored.save()
    assert stored.kind == "pdf"
    assert stored.size == len(minimal_pdf("Van ban thu"))
    assert stored.original_name == "Báo cáo chính trị.pdf"
    assert re.fullmatch(
        r"documents/\d{4}/\d{2}/bao-cao-chinh-tri-[0-9a-f]{8}\.pdf", stored.file.name
    )


def test_admin_refuses_renamed_exe(admin_client):
    document = make_document()
    url = reverse("admin:congress_document_change", args=[document.pk])
    form = {
        "doc_type": document.doc_type,
        "number": document.number,
        "title": document.title,
        "slug": document.slug,
        "issuer": document.issuer,
        "abstract": "",
        "body": "",
        "published_at_0": "",
        "published_at_1": "",
        "order": "0",
        "comments_close_at_0": "",
        "comments_close_at_1": "",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-order": "0",
        "files-0-label": "Toàn văn",
        "files-0-file": SimpleUploadedFile("toan-van.pdf", EXE_BYTES),
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200  # the form comes back with the error
    assert not DocumentFile.objects.exists()


# --- The register ("Văn bản") ---


def test_register_shows_number_issuer_dates_and_abstract(client):
    make_document(
        "Kế hoạch học tập nghị quyết",
        number="42-KH/ĐUK",
        issuer="Đảng ủy Khối",
        issued_on=date(2025, 3, 7),
        abstract="Tổ chức học tập nghị quyết trong toàn Đảng bộ.",
    )
    html = client.get(reverse("congress:document_list")).content.decode()
    assert "42-KH/ĐUK" in html
    assert "07/03/2025" in html
    assert "Đảng ủy Khối" in html
    assert "Tổ chức học tập nghị quyết" in html


def test_document_types_are_named_as_headed_and_a_draft_is_du_thao(client):
    draft = make_document("Dự thảo nghị quyết", doc_type=DocumentType.DRAFT)
    register = client.get(reverse("congress:document_list")).content.decode()
    # The type filter lists the names capitalised, "Dự thảo" among them.
    for name in ("Báo cáo chính trị", "Nghị quyết", "Kế hoạch", "Dự thảo"):
        assert f">{name}</option>" in register
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "<dd>Dự thảo</dd>" in page
    assert "bản nháp" not in page.lower() and "bản nháp" not in register.lower()


def test_register_lists_documents_with_and_without_congress_but_not_unpublished(
    client,
):
    make_document("Văn bản chung", congress=None)
    make_document("Tư liệu đại hội", congress=make_congress())
    make_document("Chưa đăng", published_at=timezone.now() + timedelta(days=1))
    html = client.get(reverse("congress:document_list")).content.decode()
    assert "Văn bản chung" in html and "Tư liệu đại hội" in html
    assert "Chưa đăng" not in html


def test_register_filters_by_type_issuer_and_year(client):
    make_document(
        "Nghị quyết 2024",
        doc_type=DocumentType.RESOLUTION,
        issuer="Đảng ủy Sở",
        issued_on=date(2024, 5, 1),
    )
    make_document(
        "Kế hoạch 2025",
        doc_type=DocumentType.PLAN,
        issuer="Đảng ủy Sở",
        issued_on=date(2025, 5, 1),
    )
    make_document(
        "Chỉ thị Khối",
        doc_type=DocumentType.DIRECTIVE,
        issuer="Đảng ủy Khối",
        issued_on=date(2025, 6, 1),
    )
    url = reverse("congress:document_list")

    def titles(**params):
        html = client.get(url, params).content.decode()
        return {
            t for t in ("Nghị quyết 2024", "Kế hoạch 2025", "Chỉ thị Khối") if t in html
        }

    assert titles(loai="nghi-quyet") == {"Nghị quyết 2024"}
    assert titles(co_quan="Đảng ủy Khối") == {"Chỉ thị Khối"}
    assert titles(nam="2025") == {"Kế hoạch 2025", "Chỉ thị Khối"}
    assert titles(nam="2025", co_quan="Đảng ủy Sở") == {"Kế hoạch 2025"}
    assert titles(nam="2019") == set()


@pytest.mark.parametrize(
    "params", [{"loai": "khong-co"}, {"nam": "abc"}, {"nam": "99999"}]
)
def test_bad_register_filters_are_400_in_vietnamese(client, params):
    make_document()
    response = client.get(reverse("congress:document_list"), params)
    assert response.status_code == 400
    assert "Bộ lọc không hợp lệ" in response.content.decode()


def test_register_pagination_keeps_filters_and_bad_page_is_404(client):
    for n in range(25):
        make_document(f"Kế hoạch số {n}", doc_type=DocumentType.PLAN)
    url = reverse("congress:document_list")
    first = client.get(url, {"loai": "ke-hoach"}).content.decode()
    assert "loai=ke-hoach&amp;trang=2" in first
    second = client.get(url, {"loai": "ke-hoach", "trang": "2"})
    assert second.status_code == 200
    assert "Trang 2/2" in second.content.decode()
    assert client.get(url, {"trang": "9"}).status_code == 404
    assert client.get(url, {"trang": "x"}).status_code == 404


# --- Document page ---


def test_document_page_shows_facts_files_and_its_congress(client):
    congress = make_congress(number=15, term_start=2025, term_end=2030)
    document = make_document(
        "Dự thảo Báo cáo chính trị",
        number="42-KH/ĐUK",
        issuer="Đảng ủy Sở",
        issued_on=date(2025, 3, 10),
        effective_on=date(2025, 3, 15),
        abstract="Lấy ý kiến về phương hướng nhiệm kỳ mới.",
        body="<p>Toàn văn</p><script>alert(1)</script>",
        congress=congress,
    )
    stored = DocumentFile(document=document, file=pdf_file(), label="Toàn văn dự thảo")
    stored.save()
    html = client.get(document.get_absolute_url()).content.decode()
    assert "42-KH/ĐUK" in html and "Đảng ủy Sở" in html
    assert "10/03/2025" in html and "15/03/2025" in html
    assert "Lấy ý kiến về phương hướng" in html
    assert "<script>alert(1)</script>" not in html
    assert stored.file.url in html
    assert "Toàn văn dự thảo" in html and "(PDF," in html
    assert "lần thứ XV" in html and congress.get_absolute_url() in html


def test_unpublished_or_unknown_document_is_404(client):
    future = make_document(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(future.get_absolute_url()).status_code == 404
    assert client.get("/van-ban/khong-co-van-ban-nay/").status_code == 404
