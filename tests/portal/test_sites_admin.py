"""Staff work on their own site only: every admin URL of every model that belongs
to a site, as each role, against the rows of another site.

Site A holds the demo content; the staff of site B hold one role each on B only.
For every row of A of every model admin that is scoped to a site (the list comes
from ``admin.site._registry``, so a new model admin is covered without editing
this file), B's staff never see it in a list, never open its change, delete or
history page, and a forged POST (change, delete, the bulk delete action) leaves
it as it was.
"""

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse

from bulletins.models import Article, Category
from portal import roles
from portal.current_site import activate
from portal.models import Site, SiteMembership
from portal.site_admin import SiteScopedAdmin
from tests.factories import make_article, make_category, make_staff

pytestmark = pytest.mark.django_db


def scoped_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SiteScopedAdmin)
    ]


@pytest.fixture
def two_sites(newsroom_groups):
    call_command("seed_demo", stdout=StringIO())
    site_a = Site.objects.order_by("pk").first()
    site_b = Site.objects.create(name="Đảng bộ Sở KH&CN", slug="so-khcn")
    return site_a, site_b


def member(site, role, username):
    user = make_staff(username)
    user.groups.add(Group.objects.get(name=role))
    SiteMembership.objects.create(user=user, site=site, role=role)
    return user


def rows_of_site(model, model_admin, site):
    return list(
        model._default_manager.filter(**{model_admin.site_lookup: site}).order_by("pk")[
            :1
        ]
    )


def url(model, view, *args):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def snapshot(obj):
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    return None if fresh is None else model_to_dict(fresh)


def test_every_site_scoped_admin_is_covered():
    names = {model._meta.label for model, _admin in scoped_admins()}
    for label in (
        "bulletins.Article",
        "bulletins.Category",
        "bulletins.Page",
        "polls.Poll",
        "congress.Congress",
        "congress.Document",
        "portal.MenuItem",
        "portal.SiteProfile",
        "portal.SiteMembership",
        "analytics.DailyStat",
        "analytics.TrafficReport",
    ):
        assert label in names, label


@pytest.mark.parametrize("role", roles.ROLES)
def test_staff_of_one_site_cannot_reach_another_sites_rows(client, two_sites, role):
    site_a, site_b = two_sites
    client.force_login(member(site_b, role, "nhanvien-b"))
    checked = 0
    for model, model_admin in scoped_admins():
        rows = rows_of_site(model, model_admin, site_a)
        if not rows:
            continue
        obj = rows[0]
        before = snapshot(obj)
        changelist = url(model, "changelist")
        response = client.get(changelist)
        if (
            response.status_code == 200
            and response.context
            and "cl" in response.context
        ):
            assert obj not in response.context["cl"].result_list, model
        for view in ("change", "delete", "history"):
            address = url(model, view, obj.pk)
            if address is None:
                continue
            response = client.get(address)
            assert response.status_code in (302, 403, 404), (model, view)
            if response.status_code == 302:
                assert response["Location"] != address, (model, view)
                assert str(obj.pk) not in response["Location"].split("?")[0] or (
                    "login" in response["Location"]
                ), (model, view, response["Location"])
        # Forged POSTs: a change, a delete, the bulk delete action.
        client.post(url(model, "change", obj.pk), {"title": "Bị sửa", "name": "X"})
        client.post(url(model, "delete", obj.pk), {"post": "yes"})
        client.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert snapshot(obj) == before, (model, role)
        checked += 1
    assert checked >= 10


def test_each_sites_staff_see_their_own_rows_and_add_into_their_site(client, two_sites):
    site_a, site_b = two_sites
    with activate(site_b):
        category_b = make_category("Tin Sở KH&CN")
        make_article("Tin của Sở KH&CN", category=category_b)
    head_b = member(site_b, roles.HEAD, "truongban-b")
    client.force_login(head_b)
    listing = client.get(reverse("admin:bulletins_article_changelist"))
    titles = [a.title for a in listing.context["cl"].result_list]
    assert titles == ["Tin của Sở KH&CN"]
    # The category choice holds B's categories only; a forged A category and a
    # forged site are refused or ignored.
    form = client.get(reverse("admin:bulletins_category_add")).context["adminform"]
    assert "site" in form.form.fields
    category_a = Category.objects.filter(site=site_a).first()
    response = client.post(
        reverse("admin:bulletins_category_add"),
        {"name": "Chuyên mục mới", "slug": "", "order": 0, "site": site_a.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Category.objects.get(name="Chuyên mục mới")
    assert created.site == site_b
    article_form = client.get(reverse("admin:bulletins_article_add"))
    choices = article_form.context["adminform"].form.fields["category"].queryset
    assert category_b in choices and category_a not in choices


def test_roles_hold_per_site(client, two_sites):
    site_a, site_b = two_sites
    user = make_staff("hai-vai")
    user.groups.add(
        Group.objects.get(name=roles.REPORTER), Group.objects.get(name=roles.HEAD)
    )
    SiteMembership.objects.create(user=user, site=site_a, role=roles.REPORTER)
    SiteMembership.objects.create(user=user, site=site_b, role=roles.HEAD)
    with activate(site_a):
        assert not user.has_perm("bulletins.publish_article")
        assert user.has_perm("bulletins.add_article")
    user = type(user).objects.get(pk=user.pk)
    with activate(site_b):
        assert user.has_perm("bulletins.publish_article")


def test_the_editing_site_is_chosen_among_ones_own_sites(client, two_sites):
    site_a, site_b = two_sites
    with activate(site_a):
        make_article("Tin riêng của A")
    user = member(site_b, roles.HEAD, "truongban-b")
    client.force_login(user)
    # Choosing a site where one holds no role is refused.
    response = client.post(reverse("admin:choose_site"), {"site": site_a.pk})
    assert response.status_code == 400
    listing = client.get(reverse("admin:bulletins_article_changelist"))
    assert "Tin riêng của A" not in listing.content.decode()
    # A network administrator switches between sites.
    client.force_login(type(user).objects.create_superuser("mang", "m@x.vn", "x"))
    index = client.get(reverse("admin:index")).content.decode()
    assert "Đang làm việc trên trang:" in index
    assert "Đảng bộ Sở KH&amp;CN" in index
    assert (
        client.post(reverse("admin:choose_site"), {"site": site_a.pk}).status_code
        == 302
    )
    listing = client.get(reverse("admin:bulletins_article_changelist"))
    assert "Tin riêng của A" in listing.content.decode()
    client.post(reverse("admin:choose_site"), {"site": site_b.pk})
    listing = client.get(reverse("admin:bulletins_article_changelist"))
    assert "Tin riêng của A" not in listing.content.decode()


def test_only_network_administrators_manage_sites(client, two_sites):
    _site_a, site_b = two_sites
    client.force_login(member(site_b, roles.ADMINISTRATOR, "quantri-b"))
    assert client.get(reverse("admin:portal_site_changelist")).status_code == 403
    response = client.post(
        reverse("admin:portal_site_add"), {"name": "Giả", "slug": "gia"}
    )
    assert response.status_code == 403
    assert not Site.objects.filter(slug="gia").exists()


def test_a_preview_of_another_sites_article_is_not_found(client, two_sites, settings):
    settings.ALLOWED_HOSTS = ["*"]
    site_a, site_b = two_sites
    site_b.domain = "b.example.gov.vn"
    site_b.save()
    with activate(site_a):
        draft = make_article("Bản nháp của A", status=Article.Status.DRAFT)
    client.force_login(member(site_b, roles.HEAD, "truongban-b"))
    response = client.get(
        f"{draft.get_absolute_url()}?preview=1", HTTP_HOST="b.example.gov.vn"
    )
    assert response.status_code == 404


def test_the_editor_upload_follows_the_roles_on_the_editing_site(client, two_sites):
    from tests.factories import image_file

    _site_a, site_b = two_sites
    client.force_login(member(site_b, roles.EDITOR, "bientap-b"))
    # Coming in on the first site's host: the editing site (B) is what counts.
    response = client.post("/ckeditor5/image_upload/", {"upload": image_file()})
    assert response.status_code == 200, response.content
    client.force_login(make_staff("chua-co-vai-tro"))
    response = client.post("/ckeditor5/image_upload/", {"upload": image_file()})
    assert response.status_code == 403


def test_the_menu_offers_only_the_editing_sites_pages(client, two_sites):
    from bulletins.models import Page
    from portal.models import MenuItem

    site_a, site_b = two_sites
    with activate(site_a):
        page_a = Page.objects.create(title="Lịch sử Đảng bộ A", status="published")
    client.force_login(member(site_b, roles.ADMINISTRATOR, "quantri-b"))
    form = client.get(reverse("admin:portal_menuitem_add")).content.decode()
    assert "Lịch sử Đảng bộ A" not in form
    from django.contrib.contenttypes.models import ContentType

    forged = f"{ContentType.objects.get_for_model(Page).pk}:{page_a.pk}"
    response = client.post(
        reverse("admin:portal_menuitem_add"),
        {
            "title": "Giả",
            "page": forged,
            "url": "",
            "order": 0,
            "is_active": "on",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not MenuItem.objects.filter(title="Giả").exists()
    # The same form with a page of its own site is accepted.
    with activate(site_b):
        page_b = Page.objects.create(title="Lịch sử Đảng bộ B", status="published")
    own = f"{ContentType.objects.get_for_model(Page).pk}:{page_b.pk}"
    response = client.post(
        reverse("admin:portal_menuitem_add"),
        {
            "title": "Lịch sử",
            "page": own,
            "url": "",
            "order": 0,
            "is_active": "on",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert MenuItem.objects.get(title="Lịch sử").site == site_b


def test_an_import_into_one_site_never_updates_another_sites_rows(two_sites):
    from import_export.formats.base_formats import CSV

    from bulletins.resources import ArticleResource

    site_a, site_b = two_sites
    with activate(site_a):
        theirs = make_article("Tin của A", category=make_category("Tin A", slug="tin"))
    with activate(site_b):
        make_category("Tin B", slug="tin")
        text = (
            "slug,title,category,status,lead\n"
            f"{theirs.slug},Tin nhập vào B,tin,draft,Tóm tắt\n"
        )
        result = ArticleResource().import_data(
            CSV().create_dataset(text), dry_run=False, use_transactions=True
        )
    assert not result.has_errors() and not result.has_validation_errors()
    theirs.refresh_from_db()
    assert theirs.title == "Tin của A"
    mine = Article.objects.get(site=site_b, slug=theirs.slug)
    assert mine.title == "Tin nhập vào B"
    assert mine.category.site == site_b


def test_a_network_administrator_creates_a_site_and_its_first_administrator(
    client, two_sites
):
    client.force_login(make_staff("it-centre", is_superuser=True))
    future_admin = make_staff("quantri-moi")
    response = client.post(
        reverse("admin:portal_site_add"),
        {
            "name": "Đảng bộ Sở Tư pháp",
            "slug": "so-tu-phap",
            "domain": "dangbo-stp.example.gov.vn",
            "path_prefix": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": future_admin.pk,
            "memberships-0-role": roles.ADMINISTRATOR,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    site = Site.objects.get(slug="so-tu-phap")
    assert SiteMembership.objects.filter(
        site=site, user=future_admin, role=roles.ADMINISTRATOR
    ).exists()
    # A prefix the installation uses itself is refused.
    response = client.post(
        reverse("admin:portal_site_add"),
        {
            "name": "Sai",
            "slug": "sai",
            "domain": "",
            "path_prefix": "quan-tri/x",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Site.objects.filter(slug="sai").exists()


def test_the_admin_index_lists_only_the_editing_sites_work(client, two_sites):
    site_a, site_b = two_sites
    with activate(site_a):
        make_article("Tin A chờ duyệt", status=Article.Status.REVIEW)
    with activate(site_b):
        make_article("Tin B chờ duyệt", status=Article.Status.REVIEW)
    client.force_login(member(site_b, roles.HEAD, "truongban-b"))
    index = client.get(reverse("admin:index")).content.decode()
    assert "Tin B chờ duyệt" in index
    assert "Tin A chờ duyệt" not in index
