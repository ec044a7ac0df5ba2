"""An editor corrects a title in the admin and the public site shows it at once."""

from urllib.parse import quote

from playwright.sync_api import expect

ARTICLE = {
    "kr-haiphong.txt": " date 2024-02-06 Korean group plans plant in Hai Phong\n"
    "Hai Phong (VNA) – A South Korean group plans a battery plant in Hai Phong city, with "
    "investment of 120 million USD, the municipal authorities said./.\n",
}
CORRECTED_TITLE = "Korean group to build battery gigafactory in Hai Phong"


def test_an_editors_title_correction_shows_on_the_article_page_and_in_search(
    page, import_snippets, editor, sign_in
):
    (article,) = import_snippets(ARTICLE)
    sign_in(editor)

    page.goto(f"/admin/archive/article/{article.pk}/change/")
    page.get_by_label("Title").fill(CORRECTED_TITLE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(CORRECTED_TITLE)
    expect(page.locator(".provenance tr.corrected")).to_contain_text("Title")

    page.goto(f"/search/?q={quote('gigafactory')}")
    expect(page.locator("#summary")).to_have_text("1 article matching “gigafactory”")
    expect(page.locator(".result-title")).to_have_text([CORRECTED_TITLE])
