"""Admin sign-in against password guessing: django-axes locks one user from one address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ATTACKER = "198.51.100.7"
PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """MD5 keeps the many sign-in attempts fast; lockout does not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editors(django_user_model):
    for name in ("editor", "other-editor"):
        django_user_model.objects.create_superuser(name, f"{name}@example.org", PASSWORD)


def sign_in(client, username, password, address, forwarded_for=None):
    """POST the admin sign-in form from `address` (optionally through a proxy header)."""
    extra = {"REMOTE_ADDR": address}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def guess(client, times, username="editor", address=ATTACKER, forwarded_for=None):
    """Wrong passwords; the status of each answer (200: the form again, with its error)."""
    return [
        sign_in(client, username, "wrong password", address, forwarded_for).status_code
        for _ in range(times)
    ]


def signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_four_wrong_passwords_still_let_the_right_one_in(client, editors):
    guess(client, 4)

    assert signed_in(sign_in(client, "editor", PASSWORD, ATTACKER))


def test_a_correct_password_clears_the_count(client, editors):
    guess(client, 4)
    assert signed_in(sign_in(client, "editor", PASSWORD, ATTACKER))
    client.logout()

    assert guess(client, 4) == [200, 200, 200, 200]
    assert signed_in(sign_in(client, "editor", PASSWORD, ATTACKER))


def test_the_fifth_wrong_password_locks(client, editors):
    assert guess(client, 5) == [200, 200, 200, 200, 429]


def test_once_locked_even_the_right_password_is_refused(client, editors):
    guess(client, 5)

    response = sign_in(client, "editor", PASSWORD, ATTACKER)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in locked" in page
    assert "after 5 wrong passwords" in page
    assert "locked for 15 minutes" in page
    assert "manage.py axes_reset" in page
    assert "_auth_user_id" not in client.session


def test_the_same_user_from_another_address_is_not_locked(client, editors):
    guess(client, 5)

    assert signed_in(sign_in(client, "editor", PASSWORD, "203.0.113.9"))


def test_another_user_from_the_same_address_is_not_locked(client, editors):
    guess(client, 5)

    assert signed_in(sign_in(client, "other-editor", PASSWORD, ATTACKER))


def test_axes_reset_lifts_the_lock(client, editors):
    guess(client, 5)
    call_command("axes_reset", verbosity=0)

    assert signed_in(sign_in(client, "editor", PASSWORD, ATTACKER))


def test_the_lock_ends_after_the_cool_off(client, editors):
    guess(client, 5)
    locked_at = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=locked_at - timedelta(minutes=16))

    assert signed_in(sign_in(client, "editor", PASSWORD, ATTACKER))


@pytest.fixture
def behind_the_proxy(settings):
    """The README's nginx set-up: TRUSTED_PROXIES=127.0.0.1."""
    settings.TRUSTED_PROXIES = frozenset({PROXY})


def test_behind_the_proxy_the_lock_is_keyed_on_the_forwarded_client(
    client, editors, behind_the_proxy
):
    guess(client, 5, address=PROXY, forwarded_for=ATTACKER)

    locked = sign_in(client, "editor", PASSWORD, PROXY, forwarded_for=ATTACKER)
    elsewhere = sign_in(client, "editor", PASSWORD, PROXY, forwarded_for="203.0.113.9")

    assert (locked.status_code, signed_in(elsewhere)) == (429, True)


def test_a_forged_forwarded_header_does_not_dodge_the_lock(client, editors):
    for forged in range(5):
        guess(client, 1, forwarded_for=f"192.0.2.{forged}")

    response = sign_in(client, "editor", PASSWORD, ATTACKER, forwarded_for="192.0.2.99")

    assert response.status_code == 429


def test_a_proxy_cannot_be_told_the_client_by_the_client(client, editors, behind_the_proxy):
    """Only the last X-Forwarded-For entry, the one our proxy adds, names the client."""
    guess(client, 5, address=PROXY, forwarded_for=f"192.0.2.1, {ATTACKER}")

    response = sign_in(client, "editor", PASSWORD, PROXY, forwarded_for=f"192.0.2.2, {ATTACKER}")

    assert response.status_code == 429


def test_by_default_a_local_process_rotating_the_header_is_locked_out(client, editors):
    """No TRUSTED_PROXIES (the default): a loopback peer's X-Forwarded-For is not believed."""
    statuses = [guess(client, 1, address=PROXY, forwarded_for=f"192.0.2.{n}")[0] for n in range(5)]
    response = sign_in(client, "editor", PASSWORD, PROXY, forwarded_for="192.0.2.99")

    assert (statuses, response.status_code) == ([200, 200, 200, 200, 429], 429)


def test_another_loopback_address_is_not_the_trusted_proxy(client, editors, behind_the_proxy):
    for n in range(5):
        guess(client, 1, address="127.0.0.2", forwarded_for=f"192.0.2.{n}")

    response = sign_in(client, "editor", PASSWORD, "127.0.0.2", forwarded_for="192.0.2.99")

    assert response.status_code == 429
