#!/usr/bin/env python3
"""Console browser test: headless Chromium signs in, disables the home adapter, sees its queue grow while messages
arrive, enables it again and sees the queue drain; then an officer signs in, sees an appointment's SMS and presses
"Send reminder". It runs twice, once with a French browser and once with an English one, and fails when a page shows
a catalogue key or a text of the other language. Screenshots are kept in .build/artifacts/console/<language>/."""
import base64
import datetime
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTIFACTS_ROOT = os.path.join(ROOT, ".build", "artifacts", "console")
CATALOGUES = os.path.join(ROOT, "Sources", "Server", "Console", "Texts")
MESSAGES = 12
APPOINTMENT = "0190f3a2-7b1c-7000-8000-0000000000b1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_message(api, token, index):
    with open(os.path.join(ROOT, "examples", "measure-mandated.json"), encoding="utf-8") as f:
        envelope = json.load(f)
    envelope["sourceMessageId"] = f"browser-{index}"
    request = urllib.request.Request(f"{api}/v1/messages", data=json.dumps(envelope).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202, response.status


def post_appointment(api, token):
    """The example appointment, moved to three days from now so that it is upcoming."""
    with open(os.path.join(ROOT, "examples", "appointment-scheduled.json"), encoding="utf-8") as f:
        envelope = json.load(f)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    envelope["occurredAt"] = now.isoformat().replace("+00:00", "Z")
    envelope["payload"]["appointment"]["start"] = (now + datetime.timedelta(days=3)).isoformat().replace("+00:00", "Z")
    request = urllib.request.Request(f"{api}/v1/messages", data=json.dumps(envelope).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202, response.status
    return envelope["payload"]["person"]


def sign_in(driver, api, token):
    driver.delete_all_cookies()
    driver.get(f"{api}/console/login")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "form[action='/console/login'] button").click()


def catalogue(language):
    with open(os.path.join(CATALOGUES, f"{language}.json"), encoding="utf-8") as f:
        return json.load(f)


class Language:
    """What a page in one language must show, and what would betray a missing translation."""

    def __init__(self, code, other):
        self.code = code
        self.texts = catalogue(code)
        foreign = catalogue(other)
        own_fragments = {piece.strip() for text in self.texts.values() for piece in re.split(r"\{[a-z]+\}", text)}
        # The other language's sentences, split at their placeholders: any fragment long enough to mean something
        # and not also ours would only be on the page if a text were not translated.
        self.foreign = sorted({piece.strip() for key, text in foreign.items() if text != self.texts.get(key)
                               for piece in re.split(r"\{[a-z]+\}", text)
                               if len(piece.strip()) >= 8 and piece.strip() not in own_fragments
                               and not any(piece.strip() in mine for mine in self.texts.values())})
        self.keys = sorted(self.texts)

    def prefix(self, key):
        return self.texts[key].split("{")[0]

    def check(self, driver, where):
        """The page is in this language: its lang attribute, no raw key, no text of the other language."""
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == self.code, f"{where}: not in {self.code}"
        shown = driver.find_element(By.TAG_NAME, "body").text
        raw = [key for key in self.keys if key in shown]
        assert not raw, f"{where}: catalogue keys shown as text: {raw}"
        leaked = [text for text in self.foreign if text in shown]
        assert not leaked, f"{where}: text of the other language shown in the {self.code} console: {leaked}"


def officer_reminds(driver, api, home_token, officer_token, language, artifacts):
    """An officer signs in, sees the appointment's summon, presses the button and reads the answer; no name, no number."""
    person = post_appointment(api, home_token)
    sign_in(driver, api, officer_token)
    wait_for("the officer lands on the appointments", lambda: driver.current_url.endswith("/console/appointments"))

    def summon_shown():
        driver.get(f"{api}/console/appointments")
        return language.texts["sms.kind.summon"] in driver.find_element(By.ID, f"sms-{APPOINTMENT}").text
    wait_for("the appointment and its summon are listed", summon_shown)
    language.check(driver, "appointments")
    button = driver.find_element(By.ID, f"remind-{APPOINTMENT}")
    button.send_keys(Keys.ENTER)  # the keyboard, not the mouse
    wait_for("the answer is shown", lambda: driver.find_element(By.ID, "reminder-result").text.startswith(
        language.prefix("reminder.scheduled")))
    language.check(driver, "appointments after the reminder")
    page = driver.page_source
    for canary in (person["mobile"], person["mobile"][-9:], person["nom"], person["prenoms"][0], person["id"]):
        assert canary not in page, "the officer page shows personal data"
    driver.save_screenshot(os.path.join(artifacts, "officer-appointments.png"))


def queued(driver, api):
    driver.get(f"{api}/console")
    return int(driver.find_element(By.ID, "queued-appi-spip").text)


def change_adapter(driver, api, action, reason):
    driver.get(f"{api}/console")
    field = driver.find_element(By.ID, "reason-home")
    field.clear()
    field.send_keys(reason)
    driver.find_element(By.CSS_SELECTOR, f"form[action='/console/adapters/home'] button[value='{action}']").click()


def wait_for(what, condition, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                return
        except (OSError, ValueError, WebDriverException):
            pass  # not there yet: the server is starting or the page is reloading
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting until {what}")


def run(language):
    """One whole run against a new gateway, with a browser asking for `language`."""
    artifacts = os.path.join(ARTIFACTS_ROOT, language.code)
    os.makedirs(artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="passerelle-browser-")
    api_port, stub_port, sms_port = free_port(), free_port(), free_port()
    api = f"http://127.0.0.1:{api_port}"
    home_token, ops_token = "home-" + secrets.token_hex(12), "ops-" + secrets.token_hex(12)
    officer_token = "officer-" + secrets.token_hex(12)
    with open(os.path.join(work, "passerelle.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""store: {{sqlite: {work}/gateway.sqlite}}
server: {{host: 127.0.0.1, port: {api_port}}}
clients:
  - {{name: appi-browser, role: home, token_env: B_HOME}}
  - {{name: ops-browser, role: ops, token_env: B_OPS}}
  - {{name: officer-browser, role: officer, token_env: B_OFFICER}}
adapters:
  home: {{enabled: true}}
  sms:
    enabled: true
    settings:
      phone_key_env: B_PHONE_KEY
      hash_key_env: B_HASH_KEY
      public_url: "{api}"
      primary_profile: twilio
      primary_base_url: "http://127.0.0.1:{sms_port}"
      primary_account_sid: AC00000000000000000000000000000001
      primary_auth_token_env: B_TWILIO
      primary_from: JUSTICE
destinations:
  - {{name: appi-spip, adapter: home, role: spip, url: "http://127.0.0.1:{stub_port}/webhook"}}
  - {{name: sms-planner, adapter: sms, role: spip, categories: [identity, contact, agenda], url: "local:sms"}}
routes: {{"appointment.scheduled": [sms-planner], "*": [appi-spip]}}
stubs:
  - {{system: home, port: {stub_port}}}
  - {{system: sms, port: {sms_port}, reply_url: "{api}/inbound/sms/primary/replies", twilio_token_env: B_TWILIO}}
""")
    environment = dict(os.environ, B_HOME=home_token, B_OPS=ops_token, B_OFFICER=officer_token,
                       B_PHONE_KEY=base64.b64encode(secrets.token_bytes(32)).decode(), B_HASH_KEY=secrets.token_hex(32),
                       B_TWILIO=secrets.token_hex(16))
    log = open(os.path.join(work, "gateway.log"), "w")
    gateway = subprocess.Popen([os.path.join(ROOT, ".build", "debug", "passerelle"), "serve", "--config",
                                os.path.join(work, "passerelle.yaml")], env=environment, stdout=log, stderr=log)
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
                     f"--lang={language.code}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language.code})
    driver = None
    try:
        wait_for("the gateway answers", lambda: urllib.request.urlopen(f"{api}/health/live", timeout=1).status == 200)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.get(f"{api}/console")
        assert driver.current_url.endswith("/console/login"), "an anonymous visitor is sent to the sign-in page"
        language.check(driver, "sign-in page")
        driver.find_element(By.ID, "token").send_keys(ops_token)
        driver.find_element(By.CSS_SELECTOR, "form[action='/console/login'] button").click()
        wait_for("signed in", lambda: driver.current_url.endswith("/console"))
        language.check(driver, "adapters and queues")
        driver.save_screenshot(os.path.join(artifacts, "1-signed-in.png"))

        change_adapter(driver, api, "disable", "browser test: home system maintenance")
        wait_for("home is disabled", lambda: driver.find_element(By.ID, "state-home").get_attribute("data-state") == "disabled")
        assert driver.find_element(By.ID, "state-home").text == language.texts["mode.disabled"]
        for index in range(MESSAGES):
            post_message(api, home_token, index)
        wait_for(f"{MESSAGES} deliveries queued", lambda: queued(driver, api) == MESSAGES)
        language.check(driver, "adapters and queues, home disabled")
        driver.save_screenshot(os.path.join(artifacts, "2-disabled-queue-grew.png"))

        change_adapter(driver, api, "enable", "browser test: maintenance over")
        wait_for("home is enabled", lambda: driver.find_element(By.ID, "state-home").get_attribute("data-state") == "enabled")
        wait_for("the queue drained", lambda: queued(driver, api) == 0)
        driver.save_screenshot(os.path.join(artifacts, "3-enabled-queue-drained.png"))
        driver.get(f"{api}/console/dead-letters")
        language.check(driver, "dead letters")
        with urllib.request.urlopen(f"http://127.0.0.1:{stub_port}/_stub/requests", timeout=5) as response:
            received = json.load(response)
        keys = {r.get("idempotencyKey") for r in received if 200 <= r.get("answeredStatus", r.get("status", 0)) < 300}
        assert len(received) >= MESSAGES and len(keys) == MESSAGES, f"the stub received {len(received)} requests"

        officer_reminds(driver, api, home_token, officer_token, language, artifacts)
        print(f"browser ({language.code}): console disabled home, {MESSAGES} queued, enabled, drained; an officer sent "
              f"a reminder; every page in {language.code}; screenshots in {artifacts}")
        return 0
    except Exception as error:  # report any failure as a test failure, with a screenshot of the moment
        if driver:
            driver.save_screenshot(os.path.join(artifacts, "failure.png"))
        print(f"browser ({language.code}): FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if driver:
            driver.quit()
        gateway.terminate()
        gateway.wait(timeout=10)


def main():
    results = [run(Language("fr", "en")), run(Language("en", "fr"))]
    return 0 if all(result == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
