"""The public feedback form and the document register filters."""

import time

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from portal.text import nfc

from .models import DocumentType

FORM_TOKEN_SALT = "bulletins.feedback.form"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 3600


def feedback_form_token(document, *, issued_at=None):
    """A signed token holding the document and the time the form was shown."""
    issued_at = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"d": document.pk, "t": issued_at}, salt=FORM_TOKEN_SALT)


class FeedbackForm(forms.Form):
    name = forms.CharField(label="Họ và tên", max_length=120)
    email = forms.EmailField(label="Thư điện tử", required=False)
    phone = forms.RegexField(
        label="Số điện thoại",
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 .()-]{8,30}$",
        error_messages={"invalid": "Số điện thoại chỉ gồm chữ số, 8 đến 15 số."},
    )
    section = forms.CharField(
        label="Phần, mục góp ý (nếu có)",
        required=False,
        max_length=200,
        help_text="Ví dụ: Phần II, mục 3.",
    )
    content = forms.CharField(
        label="Nội dung góp ý",
        max_length=5000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Honeypot: hidden from people (and from screen readers); bots fill it.
    website = forms.CharField(
        label="Để trống ô này",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, document, now=None, **kwargs):
        self.document = document
        self.now = time.time() if now is None else now
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = feedback_form_token(document, issued_at=self.now)
        for name in ("name", "email", "phone", "section", "content"):
            self.fields[name].error_messages.setdefault(
                "required", "Vui lòng nhập ô này."
            )
        self.fields["name"].error_messages["required"] = "Vui lòng nhập họ và tên."
        self.fields["content"].error_messages.update(
            {
                "required": "Vui lòng nhập nội dung góp ý.",
                "min_length": "Nội dung góp ý quá ngắn (ít nhất %(limit_value)d ký tự).",
                "max_length": "Nội dung góp ý quá dài (tối đa %(limit_value)d ký tự).",
            }
        )
        self.fields["email"].error_messages["invalid"] = (
            "Địa chỉ thư điện tử không hợp lệ."
        )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError("Ô này phải để trống.", code="honeypot")
        return ""

    def clean_token(self):
        value = self.cleaned_data["token"]
        try:
            data = signing.loads(
                value, salt=FORM_TOKEN_SALT, max_age=MAX_FORM_AGE_SECONDS
            )
        except signing.SignatureExpired:
            raise ValidationError(
                "Biểu mẫu đã mở quá lâu. Vui lòng kiểm tra nội dung và gửi lại.",
                code="expired",
            ) from None
        except signing.BadSignature:
            raise ValidationError(
                "Biểu mẫu không hợp lệ. Vui lòng kiểm tra nội dung và gửi lại.",
                code="bad_token",
            ) from None
        if not isinstance(data, dict) or data.get("d") != self.document.pk:
            raise ValidationError(
                "Biểu mẫu không hợp lệ. Vui lòng kiểm tra nội dung và gửi lại.",
                code="bad_token",
            )
        age = self.now - int(data.get("t", 0))
        if age > MAX_FORM_AGE_SECONDS:
            raise ValidationError(
                "Biểu mẫu đã mở quá lâu. Vui lòng kiểm tra nội dung và gửi lại.",
                code="expired",
            )
        if age < MIN_FILL_SECONDS:
            raise ValidationError(
                "Bạn gửi quá nhanh. Vui lòng đọc lại nội dung góp ý rồi bấm gửi lại.",
                code="too_fast",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        for key in ("name", "email", "phone", "section", "content"):
            if isinstance(cleaned.get(key), str):
                cleaned[key] = nfc(cleaned[key].strip())
        if (
            "email" in cleaned
            and "phone" in cleaned
            and not cleaned.get("email")
            and not cleaned.get("phone")
        ):
            raise ValidationError(
                "Vui lòng cho biết thư điện tử hoặc số điện thoại để Ban biên tập liên hệ khi cần.",
                code="contact_required",
            )
        return cleaned

    def refresh_token(self):
        """After a refusal, give the re-shown form a fresh token (the time restarts)."""
        data = self.data.copy()
        data["token"] = feedback_form_token(self.document, issued_at=self.now)
        self.data = data


class DocumentFilterForm(forms.Form):
    """Filters of the register; a bad value is reported, never a server error."""

    loai = forms.ChoiceField(
        label="Loại văn bản",
        required=False,
        choices=[("", "Tất cả")] + list(DocumentType.choices),
    )
    co_quan = forms.CharField(label="Cơ quan ban hành", required=False, max_length=200)
    nam = forms.IntegerField(
        label="Năm ban hành", required=False, min_value=1930, max_value=2100
    )

    def __init__(self, data=None, *, issuers=(), **kwargs):
        super().__init__(data, **kwargs)
        self.issuers = set(issuers)
        self.fields["co_quan"].widget = forms.Select(
            choices=[("", "Tất cả")] + [(i, i) for i in issuers]
        )
        self.fields["loai"].error_messages["invalid_choice"] = (
            "Loại văn bản không có trong danh sách."
        )
        self.fields["nam"].error_messages.update(
            {
                "invalid": "Năm phải là một số, ví dụ 2025.",
                "min_value": "Năm không hợp lệ.",
                "max_value": "Năm không hợp lệ.",
            }
        )

    def clean_co_quan(self):
        # Only issuers of published documents: any other name would be a new,
        # empty page (and a new page-cache entry) for every string typed.
        issuer = self.cleaned_data["co_quan"]
        if issuer and issuer not in self.issuers:
            raise ValidationError(
                "Cơ quan ban hành không có trong danh sách.", code="unknown_issuer"
            )
        return issuer
