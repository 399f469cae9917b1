"""Seed -> a health library to benchmark: articles, templates and complete catalogs.

Run: .venv/bin/python bench/corpus.py OUT_DIR [--articles 500] [--seed 1] [--locales 8]

Writes OUT_DIR/pyproject.toml ([tool.handouts] with the first N of es, fr, de, vi,
zh-Hans, ar, ru, ko and publish_threshold = 0), OUT_DIR/source/<slug>.md (about 1,000
words each, shaped like a real patient article: front matter, ## and ### headings,
paragraphs, bullet lists, definition lists, links, doses and product names), then runs
the project's own `handouts extract` and writes every locale's catalogs with each msgstr
filled by `pseudo.pseudo_translate`. The same seed gives the same bytes; article i does
not depend on how many articles are asked for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale
from babel.messages.plurals import get_plural
from pseudo import LOCALES, pseudo_translate

PUBLISHERS = (
    "Riverside Health Library",
    "Northfield Community Clinic",
    "Lakeview Family Medicine",
    "Harbor County Health Department",
    "Maple Street Health Center",
)


@dataclass(frozen=True, slots=True)
class System:
    """A body system: the words its conditions share."""

    key: str
    part: str  # "heart", "lungs"...
    specialist: str
    symptoms: tuple[str, ...]
    tests: tuple[tuple[str, str], ...]  # (name, what it does)
    medicines: tuple[tuple[str, str, str], ...]  # (generic name, form, dose)
    habits: tuple[str, ...]
    conditions: tuple[str, ...]


SYSTEMS = (
    System(
        "heart",
        "heart",
        "cardiologist",
        (
            "chest pain or pressure",
            "shortness of breath",
            "a fast or uneven heartbeat",
            "swelling in your feet or ankles",
            "feeling tired all the time",
            "dizziness when you stand up",
            "pain in your arm, jaw or back",
        ),
        (
            ("Blood pressure check", "measures how hard your blood pushes on your arteries"),
            ("Electrocardiogram (ECG)", "records the electrical signals of your heart"),
            ("Echocardiogram", "uses sound waves to make a moving picture of your heart"),
            ("Stress test", "checks how your heart works while you walk on a treadmill"),
            ("Blood tests", "look at your cholesterol and other fats in your blood"),
        ),
        (
            ("lisinopril", "tablet", "10 mg once a day"),
            ("amlodipine", "tablet", "5 mg once a day"),
            ("atorvastatin", "tablet", "20 mg at bedtime"),
            ("metoprolol", "tablet", "25 mg twice a day"),
            ("aspirin", "tablet", "81 mg once a day"),
        ),
        (
            "Eat less salt, aiming for under 2,300 mg a day",
            "Walk for 30 minutes on most days of the week",
            "Stop smoking and stay away from secondhand smoke",
            "Keep a healthy weight",
            "Limit alcohol to 1 drink a day or less",
        ),
        (
            "high blood pressure",
            "heart failure",
            "coronary artery disease",
            "atrial fibrillation",
            "high cholesterol",
            "peripheral artery disease",
        ),
    ),
    System(
        "lungs",
        "lungs",
        "pulmonologist",
        (
            "a cough that does not go away",
            "wheezing or a whistling sound when you breathe",
            "shortness of breath",
            "chest tightness",
            "coughing up mucus",
            "waking up at night because of coughing",
        ),
        (
            ("Spirometry", "measures how much air you can breathe out and how fast"),
            ("Chest X-ray", "takes a picture of your lungs and heart"),
            ("Pulse oximetry", "uses a clip on your finger to check the oxygen in your blood"),
            ("Peak flow test", "shows how well air moves out of your lungs"),
            ("Allergy tests", "find out what triggers your breathing problems"),
        ),
        (
            ("albuterol", "inhaler", "2 puffs every 4 to 6 hours as needed"),
            ("fluticasone", "inhaler", "2 puffs twice a day"),
            ("montelukast", "tablet", "10 mg once a day in the evening"),
            ("prednisone", "tablet", "40 mg once a day for 5 days"),
            ("tiotropium", "inhaler", "1 puff once a day"),
        ),
        (
            "Stay away from smoke, dust and strong smells",
            "Get a flu shot every year",
            "Wash your hands often to avoid colds",
            "Keep your rescue inhaler with you at all times",
            "Check the air quality before you exercise outside",
        ),
        (
            "asthma",
            "chronic obstructive pulmonary disease",
            "pneumonia",
            "bronchitis",
            "sleep apnea",
            "pulmonary fibrosis",
        ),
    ),
    System(
        "digestion",
        "stomach",
        "gastroenterologist",
        (
            "belly pain or cramps",
            "heartburn after you eat",
            "nausea or vomiting",
            "diarrhea or constipation",
            "bloating and gas",
            "blood in your stool",
            "losing weight without trying",
        ),
        (
            ("Upper endoscopy", "uses a thin tube with a camera to look at your stomach"),
            ("Colonoscopy", "lets your doctor look inside your large intestine"),
            ("Stool test", "checks a sample of your stool for blood or germs"),
            ("Abdominal ultrasound", "uses sound waves to make pictures of your belly"),
            ("Breath test", "looks for bacteria that can cause ulcers"),
        ),
        (
            ("omeprazole", "capsule", "20 mg once a day before breakfast"),
            ("famotidine", "tablet", "20 mg twice a day"),
            ("loperamide", "capsule", "2 mg after each loose stool, up to 8 mg a day"),
            ("polyethylene glycol", "powder", "17 g mixed in 8 ounces of water once a day"),
            ("ondansetron", "tablet", "4 mg every 8 hours as needed"),
        ),
        (
            "Eat smaller meals more often",
            "Drink 6 to 8 glasses of water a day",
            "Add fiber slowly, up to 25 g a day",
            "Do not lie down for 3 hours after you eat",
            "Keep a food diary to find out what bothers your stomach",
        ),
        (
            "acid reflux",
            "irritable bowel syndrome",
            "stomach ulcers",
            "gallstones",
            "celiac disease",
            "constipation",
        ),
    ),
    System(
        "joints",
        "joints",
        "rheumatologist",
        (
            "joint pain that gets worse with activity",
            "stiffness in the morning",
            "swelling around a joint",
            "a joint that feels warm or red",
            "trouble moving a joint all the way",
            "a grinding feeling when you move",
        ),
        (
            ("X-ray", "shows changes in your bones and joints"),
            ("Joint fluid test", "uses a needle to take a little fluid from the joint"),
            ("MRI", "uses magnets to make detailed pictures of soft tissue"),
            ("Blood tests", "look for signs of swelling in your body"),
            ("Bone density scan", "measures how strong your bones are"),
        ),
        (
            ("ibuprofen", "tablet", "400 mg every 6 to 8 hours with food"),
            ("acetaminophen", "tablet", "500 mg, 2 tablets every 6 hours as needed"),
            ("naproxen", "tablet", "220 mg twice a day with food"),
            ("methotrexate", "tablet", "15 mg once a week"),
            ("alendronate", "tablet", "70 mg once a week"),
        ),
        (
            "Stay active with gentle exercise like swimming or walking",
            "Use a cold pack for 15 minutes to ease swelling",
            "Lose weight if your provider says it will help your joints",
            "Wear shoes with good support",
            "Ask a physical therapist for exercises you can do at home",
        ),
        ("osteoarthritis", "rheumatoid arthritis", "gout", "osteoporosis", "bursitis", "lupus"),
    ),
    System(
        "hormones",
        "blood sugar",
        "endocrinologist",
        (
            "feeling very thirsty",
            "peeing more often than usual",
            "blurry vision",
            "cuts that heal slowly",
            "feeling tired or weak",
            "tingling in your hands or feet",
            "weight gain or loss you cannot explain",
        ),
        (
            ("A1C test", "shows your average blood sugar over the past 3 months"),
            ("Fasting blood sugar test", "measures your blood sugar after 8 hours without food"),
            ("Thyroid test", "checks how much thyroid hormone is in your blood"),
            ("Urine test", "looks for sugar or protein in your pee"),
            ("Eye exam", "checks the small blood vessels in the back of your eyes"),
        ),
        (
            ("metformin", "tablet", "500 mg twice a day with meals"),
            ("insulin glargine", "injection", "10 units once a day at the same time"),
            ("levothyroxine", "tablet", "50 mcg once a day on an empty stomach"),
            ("glipizide", "tablet", "5 mg once a day before breakfast"),
            ("vitamin D", "capsule", "1,000 units once a day"),
        ),
        (
            "Check your blood sugar as often as your provider tells you",
            "Fill half your plate with vegetables",
            "Choose water instead of soda or juice",
            "Look at your feet every day for cuts or sores",
            "Get at least 150 minutes of activity each week",
        ),
        (
            "type 2 diabetes",
            "type 1 diabetes",
            "prediabetes",
            "hypothyroidism",
            "hyperthyroidism",
            "gestational diabetes",
        ),
    ),
    System(
        "nerves",
        "brain",
        "neurologist",
        (
            "headaches that keep coming back",
            "numbness or tingling",
            "trouble with balance",
            "changes in your vision",
            "trouble remembering things",
            "shaking you cannot control",
            "feeling sick to your stomach with the pain",
        ),
        (
            ("Neurological exam", "checks your strength, reflexes and balance"),
            ("CT scan", "uses X-rays to make pictures of your brain"),
            ("MRI", "uses magnets to make detailed pictures of your brain"),
            ("EEG", "records the electrical activity of your brain"),
            ("Nerve conduction study", "checks how fast signals move along your nerves"),
        ),
        (
            ("sumatriptan", "tablet", "50 mg at the start of a headache"),
            ("topiramate", "tablet", "25 mg twice a day"),
            ("gabapentin", "capsule", "300 mg three times a day"),
            ("levetiracetam", "tablet", "500 mg twice a day"),
            ("amitriptyline", "tablet", "10 mg at bedtime"),
        ),
        (
            "Go to bed and wake up at the same time every day",
            "Keep a headache diary",
            "Drink enough water during the day",
            "Limit caffeine to 1 or 2 cups of coffee a day",
            "Wear a helmet when you ride a bike",
        ),
        ("migraine", "epilepsy", "stroke", "peripheral neuropathy", "concussion", "dementia"),
    ),
    System(
        "kidneys",
        "kidneys",
        "nephrologist",
        (
            "pain in your side or back",
            "burning when you pee",
            "pee that looks cloudy or dark",
            "needing to pee often",
            "swelling in your legs",
            "fever and chills",
        ),
        (
            ("Urine test", "looks for blood, germs or protein in your pee"),
            ("Blood test for kidney function", "shows how well your kidneys filter waste"),
            ("Kidney ultrasound", "uses sound waves to look at the size of your kidneys"),
            ("CT scan", "can show stones in your kidneys or bladder"),
            ("Urine culture", "finds which germ is causing an infection"),
        ),
        (
            ("nitrofurantoin", "capsule", "100 mg twice a day for 5 days"),
            ("tamsulosin", "capsule", "0.4 mg once a day"),
            ("furosemide", "tablet", "20 mg once a day in the morning"),
            ("potassium citrate", "tablet", "10 mEq three times a day with meals"),
            ("trimethoprim", "tablet", "100 mg once a day at bedtime"),
        ),
        (
            "Drink enough water so your pee is light yellow",
            "Cut back on salt and processed foods",
            "Do not hold your pee for a long time",
            "Ask before you take pain medicines like ibuprofen",
            "Keep your blood pressure under control",
        ),
        (
            "kidney stones",
            "urinary tract infection",
            "chronic kidney disease",
            "overactive bladder",
            "kidney infection",
            "enlarged prostate",
        ),
    ),
    System(
        "skin",
        "skin",
        "dermatologist",
        (
            "an itchy rash",
            "dry, cracked or scaly skin",
            "red patches that come and go",
            "a mole that changes size or color",
            "bumps filled with pus",
            "skin that burns or stings",
        ),
        (
            ("Skin exam", "lets your provider look closely at your skin"),
            ("Skin biopsy", "removes a tiny piece of skin to look at under a microscope"),
            ("Patch test", "finds out if something you touch causes a rash"),
            ("Skin scraping", "checks for a fungus or mites"),
            ("Dermoscopy", "uses a special light and lens to look at moles"),
        ),
        (
            ("hydrocortisone", "cream", "a thin layer twice a day for up to 7 days"),
            ("benzoyl peroxide", "gel", "a thin layer once a day"),
            ("cetirizine", "tablet", "10 mg once a day for itching"),
            ("clotrimazole", "cream", "twice a day for 2 to 4 weeks"),
            ("doxycycline", "capsule", "100 mg twice a day with a full glass of water"),
        ),
        (
            "Use a gentle soap without perfume",
            "Put on lotion within 3 minutes after you bathe",
            "Wear sunscreen with SPF 30 or higher every day",
            "Take short, warm showers instead of hot baths",
            "Do not scratch or pick at your skin",
        ),
        ("eczema", "psoriasis", "acne", "hives", "shingles", "skin cancer"),
    ),
    System(
        "mind",
        "mood",
        "psychiatrist",
        (
            "feeling sad or empty most of the day",
            "worrying a lot and not being able to stop",
            "trouble sleeping or sleeping too much",
            "losing interest in things you used to enjoy",
            "feeling restless or on edge",
            "trouble focusing",
        ),
        (
            ("Questionnaire", "asks about your mood, sleep and energy over the past 2 weeks"),
            ("Physical exam", "checks for health problems that can affect your mood"),
            ("Thyroid test", "rules out a thyroid problem that can cause the same symptoms"),
            ("Talk with a counselor", "helps find out what you are feeling and why"),
            ("Sleep study", "records your breathing and brain waves while you sleep"),
        ),
        (
            ("sertraline", "tablet", "50 mg once a day"),
            ("escitalopram", "tablet", "10 mg once a day"),
            ("bupropion", "tablet", "150 mg once a day in the morning"),
            ("buspirone", "tablet", "7.5 mg twice a day"),
            ("melatonin", "tablet", "3 mg 1 hour before bedtime"),
        ),
        (
            "Talk with someone you trust about how you feel",
            "Get outside and move your body every day",
            "Keep a regular sleep schedule",
            "Avoid alcohol and drugs",
            "Write down 3 good things that happened each day",
        ),
        (
            "depression",
            "anxiety",
            "insomnia",
            "panic disorder",
            "seasonal affective disorder",
            "postpartum depression",
        ),
    ),
)

ASPECTS = (
    ("{C}", "general"),
    ("Living with {c}", "living"),
    ("{C} in children", "children"),
    ("{C} in older adults", "older"),
    ("Medicines for {c}", "medicines"),
    ("Tests for {c}", "tests"),
    ("{C} during pregnancy", "pregnancy"),
    ("{C}: when to get help", "help"),
    ("Caring for someone with {c}", "caring"),
    ("{C}: questions and answers", "questions"),
)

BRANDS = ("Respira", "Calmex", "Dermavel", "Glucora", "Cardiza", "Nefroxa", "Neurova", "Gastril")
WHO = {
    "general": "people",
    "living": "people",
    "children": "children",
    "older": "older adults",
    "medicines": "people",
    "tests": "people",
    "pregnancy": "pregnant people",
    "help": "people",
    "caring": "people",
    "questions": "people",
}

INTRO = (
    "{C} is a common health problem that affects your {part}.",
    "{C} can make everyday tasks harder, but treatment can help you feel better.",
    "Many {who} live full, active lives with {c}.",
    "This handout explains what {c} is, how it is found and how it is treated.",
    "Your healthcare team can help you make a plan that fits your life.",
    "About {pct} out of 100 {who} will have {c} at some point.",
)
WHAT_IS = (
    "{C} is a condition that affects how your {part} works.",
    "It happens when the normal balance in your {part} changes.",
    "Some people have mild symptoms, while others have symptoms that get in the way of daily life.",
    "{C} is not contagious, so you cannot catch it from another person.",
    "It can start at any age, but it is more common in {who} over {age}.",
    "Most of the time, {c} is a long-term condition that you can manage.",
    "Doctors sometimes call it by a shorter name, but it means the same thing.",
    "Your {part} may work well on some days and not as well on others.",
    "Learning about {c} helps you take part in decisions about your care.",
)
WHO_GETS = (
    "Anyone can get {c}, but some things make it more likely.",
    "You are more likely to have {c} if someone in your family has it.",
    "{C} is more common in {who} who smoke.",
    "Being over {age} raises your chance of getting {c}.",
)
RISKS = (
    ("Family history", "Having a parent, brother or sister with {c} raises your risk."),
    ("Age", "The risk goes up as you get older, especially after age {age}."),
    ("Smoking", "Smoking harms your {part} and makes {c} worse over time."),
    ("Weight", "Extra weight puts more strain on your {part}."),
    ("Other health problems", "Conditions like {other} can make {c} more likely."),
    ("Stress", "Long-term stress can make symptoms flare up."),
)
CAUSES = (
    "Experts do not know exactly what causes {c}.",
    "It is likely a mix of your genes and things around you.",
    "Sometimes an infection or an injury starts the problem.",
    "Certain medicines can also cause {c} or make it worse.",
    "Your provider can tell you more about what may have caused your {c}.",
    "Some people notice that cold weather, stress or poor sleep make their symptoms worse.",
    "It is not caused by anything you did wrong.",
)
SYMPTOM_LEAD = (
    "Symptoms of {c} can be different for each person.",
    "You may notice some of these symptoms:",
    "Common symptoms of {c} include:",
)
DIAGNOSIS = (
    "Your healthcare provider will ask about your symptoms and your health history.",
    "They will also do a physical exam.",
    "You may need one or more of these tests:",
    "Some tests take only a few minutes, and you can go home the same day.",
    "Your provider may send you to a {spec}, a doctor who specializes in the {part}.",
    "Bring a list of all the medicines you take, including vitamins and herbs.",
)
TEST_MORE = (
    "It takes about {mins} minutes.",
    "You do not need to do anything to get ready.",
    "You may need to stop eating {hours} hours before the test.",
    "It does not hurt, but you may feel some pressure.",
    "Your results are usually ready in {days} days.",
)
TREATMENT = (
    "Treatment for {c} depends on how severe your symptoms are.",
    "The goal is to ease your symptoms and keep the condition from getting worse.",
    "Most people need a mix of medicine and healthy habits.",
    "Your provider will work with you to find the treatment that works best.",
    "It may take a few weeks to find the right medicine and dose.",
    "Keep all your follow-up visits, even when you feel well.",
)
DOSES = (
    "Take {count} tablets ({mg} mg) twice a day.",
    "Take your medicine at the same time each day.",
    "Do not take more than {max} mg in 24 hours.",
    "If you miss a dose, take it as soon as you remember, unless it is almost time for the "
    "next one.",
    "Never take 2 doses at the same time to make up for a missed one.",
    "Keep taking your medicine for {days} days, even if you feel better sooner.",
    "Store your medicine at room temperature, below {temp} °F ({tempc} °C).",
    "Children under {kidage} should not take this medicine unless their doctor says so.",
)
SIDE_EFFECTS = (
    ("Upset stomach", "Take your medicine with food or a glass of milk."),
    ("Headache", "This often goes away after the first {days} days."),
    ("Feeling sleepy", "Do not drive until you know how the medicine affects you."),
    ("Dry mouth", "Sip water and chew sugar-free gum."),
    ("Dizziness", "Stand up slowly, especially in the morning."),
    ("Rash", "Stop the medicine and call your provider right away."),
)
DURATION = (
    "Some people need treatment for only a few weeks.",
    "Others need to take medicine for the rest of their lives.",
    "Your provider will check how you are doing every {months} months.",
    "Do not stop your medicine on your own, even if you feel well.",
    "Stopping too soon can make your symptoms come back.",
)
PREVENTION = (
    "You cannot always prevent {c}, but you can lower your risk.",
    "Healthy habits protect your {part} and your whole body.",
    "Small changes add up over time.",
)
SELF_CARE = (
    "Learn what makes your symptoms worse and try to avoid it.",
    "Take your medicines exactly as your provider tells you.",
    "Keep a list of your medicines in your wallet or on your phone.",
    "Ask your family or friends for help when you need it.",
    "Join a support group to talk with others who have {c}.",
    "Tell all your providers that you have {c}.",
)
SEE_PROVIDER = (
    "Your symptoms get worse or do not get better with treatment.",
    "You have side effects from your medicine.",
    "You have a fever over {fever} °F.",
    "You have new symptoms that worry you.",
    "You are not sure how to take your medicine.",
)
EMERGENCY = (
    "**Call 911** if you have trouble breathing, chest pain or you faint.",
    "Go to the emergency room if your symptoms are severe or come on suddenly.",
    "Do not drive yourself to the hospital.",
    "If you think you took too much medicine, call Poison Control at 1-800-222-1222.",
)
QUESTIONS = (
    "What is causing my symptoms?",
    "What tests do I need?",
    "What treatment do you recommend?",
    "What side effects should I watch for?",
    "How long will I need to take this medicine?",
    "Are there any foods or activities I should avoid?",
    "When should I come back for a follow-up visit?",
)
EXTRA = (
    "Many people find it helpful to write down their questions before each visit.",
    "It is normal to feel worried or frustrated when you have {c}.",
    "Talk with your provider if you feel down or anxious for more than {weeks} weeks.",
    "Your care team may include a nurse, a pharmacist and a dietitian.",
    "A dietitian can help you plan meals that fit your budget and your culture.",
    "Ask if your clinic offers classes for {who} with {c}.",
    "Bring a family member or friend to your visits if that helps you.",
    "Use a pill box with a slot for each day of the week.",
    "Set an alarm on your phone to remind you to take your medicine.",
    "Check with your insurance to see which medicines are covered.",
    "If cost is a problem, ask about generic medicines, which cost less.",
    "Keep track of your symptoms in a notebook or an app.",
    "Share what you wrote with your provider at your next visit.",
    "Some people with {c} notice that their symptoms change with the seasons.",
    "Plan ahead when you travel, and pack enough medicine for {days} extra days.",
    "Let your employer or school know if you need changes to manage {c}.",
    "With the right care, most {who} with {c} can do the things they enjoy.",
    "Research on {c} is ongoing, and new treatments may become available.",
)
NOTE = (
    "Living with {c} can be hard, but you do not have to do it alone.",
    "Your healthcare team is there to answer your questions and support you.",
    "With treatment and healthy habits, you can protect your {part} and feel your best.",
    "Reach out to us any time you have questions about your care.",
)
OTHER = ("diabetes", "high blood pressure", "obesity", "kidney disease", "heart disease")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Values(dict[str, str]):
    """Template slot -> text: fixed facts of the article, fresh numbers on each use."""

    def __init__(self, rng: random.Random, facts: dict[str, str]) -> None:
        super().__init__(facts)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        numbers: dict[str, Callable[[], str]] = {
            "pct": lambda: str(rng.choice((2, 5, 8, 10, 12, 20, 25))),
            "age": lambda: str(rng.choice((40, 45, 50, 60, 65))),
            "mins": lambda: str(rng.choice((10, 15, 20, 30, 45, 60))),
            "hours": lambda: str(rng.choice((4, 6, 8, 12))),
            "days": lambda: str(rng.choice((2, 3, 5, 7, 10, 14))),
            "weeks": lambda: str(rng.choice((2, 3, 4))),
            "months": lambda: str(rng.choice((3, 6, 12))),
            "count": lambda: str(rng.choice((1, 2))),
            "mg": lambda: str(rng.choice((250, 500, 5, 10, 20, 2.5))),
            "max": lambda: rng.choice(("3,000", "4,000", "1,200", "40")),
            "temp": lambda: "77",
            "tempc": lambda: "25",
            "kidage": lambda: str(rng.choice((2, 6, 12, 18))),
            "fever": lambda: rng.choice(("100.4", "101", "102")),
            "other": lambda: rng.choice(OTHER),
        }
        return numbers[key]() if key in numbers else f"{{{key}}}"


@dataclass(slots=True)
class _Writer:
    """Builds one article's Markdown, counting its words."""

    rng: random.Random
    facts: dict[str, str]
    lines: list[str]
    words: int = 0

    def fill(self, template: str) -> str:
        return template.format_map(_Values(self.rng, self.facts))

    def add(self, block: str) -> None:
        self.lines.extend([block, ""])
        plain = re.sub(r"\]\([^)]*\)", "]", block)
        self.words += len(re.findall(r"[A-Za-z0-9][\w’'.,-]*", plain))

    def heading(self, level: int, text: str) -> None:
        self.add(f"{'#' * level} {self.fill(text)}")

    def paragraph(self, pool: Sequence[str], count: int) -> None:
        """`count` sentences of the pool, in the pool's order, so the text still flows."""
        chosen = sorted(self.rng.sample(range(len(pool)), min(count, len(pool))))
        self.add(wrap(" ".join(self.fill(pool[i]) for i in chosen)))

    def bullets(self, items: Sequence[str]) -> None:
        self.add("\n".join(wrap(f"- {self.fill(i)}", indent="  ") for i in items))

    def terms(self, pairs: Sequence[tuple[str, str]]) -> None:
        blocks = [f"{self.fill(t)}\n{wrap(': ' + self.fill(d), indent='  ')}" for t, d in pairs]
        self.add("\n\n".join(blocks))


def wrap(text: str, *, width: int = 84, indent: str = "") -> str:
    """Hard-wrap like an editor does, so sentences cross source lines."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = indent + word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Topic:
    system: System
    condition: str
    aspect: str
    title: str
    slug: str


def topics(seed: int) -> list[Topic]:
    """Every condition x aspect, in a seeded order; numbered past the first round."""
    found = [
        Topic(
            system, condition, aspect, capital(title.format(c=condition, C=capital(condition))), ""
        )
        for system in SYSTEMS
        for condition in system.conditions
        for title, aspect in ASPECTS
    ]
    random.Random(f"topics:{seed}").shuffle(found)
    return [Topic(t.system, t.condition, t.aspect, t.title, slugify(t.title)) for t in found]


def topic(index: int, seed: int, table: Sequence[Topic]) -> Topic:
    base = table[index % len(table)]
    if index < len(table):
        return base
    round_ = index // len(table) + 1
    return Topic(
        base.system,
        base.condition,
        base.aspect,
        f"{base.title} ({round_})",
        f"{base.slug}-{round_}",
    )


def article(index: int, *, seed: int, table: Sequence[Topic]) -> tuple[str, str]:
    """Article `index` -> (slug, Markdown text)."""
    chosen = topic(index, seed, table)
    system, c = chosen.system, chosen.condition
    rng = random.Random(f"article:{seed}:{chosen.slug}")
    publisher = rng.choice(PUBLISHERS)
    brand = f"{rng.choice(BRANDS)}{rng.choice(('®', '™'))}"
    med, form, dose = rng.choice(system.medicines)
    url = f"https://example.org/health/{system.key}/{slugify(c)}"
    facts = {
        "c": c,
        "C": capital(c),
        "part": system.part,
        "spec": system.specialist,
        "who": WHO[chosen.aspect],
        "url": url,
    }
    w = _Writer(rng, facts, [])
    target = rng.randint(950, 1080)
    w.paragraph(INTRO, 3)
    w.heading(2, "Overview")
    w.heading(3, "What is {c}?")
    first = sorted(rng.sample(range(len(WHAT_IS)), 7))
    w.paragraph([WHAT_IS[i] for i in first[:4]], 4)
    w.paragraph([WHAT_IS[i] for i in first[4:]], 3)
    w.heading(3, "Who does {c} affect?")
    w.paragraph(WHO_GETS, 3)
    w.heading(2, "Symptoms and causes")
    w.heading(3, "What are the symptoms of {c}?")
    w.add(w.fill(rng.choice(SYMPTOM_LEAD[1:])))
    w.bullets([capital(s) for s in rng.sample(system.symptoms, rng.randint(4, 6))])
    w.paragraph(SYMPTOM_LEAD[:1] + WHAT_IS[7:8], 2)
    w.heading(3, "What causes {c}?")
    w.paragraph(CAUSES, 3)
    w.add(wrap(w.fill("Learn more in our [guide to {part} health]({url}).")))
    w.add("Risk factors include:")
    w.terms(rng.sample(RISKS, 3))
    w.heading(2, "Diagnosis and tests")
    w.heading(3, "How is {c} diagnosed?")
    w.paragraph(DIAGNOSIS[:2] + DIAGNOSIS[3:], 3)
    w.add(DIAGNOSIS[2])
    w.terms(
        [
            (name, f"This test {does}. {w.fill(rng.choice(TEST_MORE))}")
            for name, does in rng.sample(system.tests, 3)
        ]
    )
    w.heading(2, "Management and treatment")
    w.heading(3, "How is {c} treated?")
    w.paragraph(TREATMENT, 4)
    w.add("Medicines your provider may suggest include:")
    w.bullets(
        [
            f"{capital(name)} ({kind}): {amount}"
            for name, kind, amount in rng.sample(system.medicines, 3)
        ]
    )
    w.add(
        wrap(
            f"A common choice is {med} ({brand}), a {form} you usually take as {dose}. "
            + " ".join(w.fill(s) for s in rng.sample(DOSES, 3))
        )
    )
    w.heading(3, "What are the side effects of treatment?")
    w.terms(rng.sample(SIDE_EFFECTS, 3))
    w.heading(3, "How long does treatment last?")
    w.paragraph(DURATION, 3)
    w.heading(2, "Prevention")
    w.heading(3, "Can I prevent {c}?")
    w.paragraph(PREVENTION, 2)
    w.bullets(rng.sample(system.habits, 4))
    w.heading(2, "Living with {c}")
    w.heading(3, "How do I take care of myself?")
    w.bullets(rng.sample(SELF_CARE, 4))
    extra = list(EXTRA)
    rng.shuffle(extra)
    while w.words < target - 190 and len(extra) >= 3:
        w.add(wrap(" ".join(w.fill(extra.pop()) for _ in range(3))))
    w.heading(3, "When should I see my healthcare provider?")
    w.add("Call your provider if:")
    w.bullets(rng.sample(SEE_PROVIDER, 4))
    w.heading(3, "When should I go to the ER?")
    w.paragraph(EMERGENCY, 3)
    w.heading(3, "What questions should I ask my doctor?")
    w.bullets(rng.sample(QUESTIONS, 4))
    w.heading(2, f"A note from {publisher}")
    w.paragraph(NOTE, 3)
    w.add(
        "Find more handouts in our [health library](https://example.org/library), or call"
        " *our nurse line* at 1-800-555-0100."
    )
    reviewed = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1277))
    critical = "critical_sections:\n  - When should I go to the ER?\n" if rng.random() < 0.5 else ""
    front = (
        "---\n"
        f"title: {json.dumps(chosen.title)}\n"
        f"slug: {chosen.slug}\n"
        "language: en\n"
        f"publisher: {publisher}\n"
        f"original_title: {json.dumps(chosen.title + ': Symptoms, Causes & Treatment')}\n"
        f"last_reviewed: {reviewed.isoformat()}\n"
        f"target_grade: {rng.choice((6, 6, 7, 8))}\n"
        f"{critical}"
        "---\n\n"
    )
    return chosen.slug, front + "\n".join(w.lines).rstrip("\n") + "\n"


def articles(count: int, *, seed: int) -> Iterator[tuple[str, str]]:
    table = topics(seed)
    for index in range(count):
        yield article(index, seed=seed, table=table)


def write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        path.write_text(text, encoding="utf-8")


def write_config(out: Path, languages: Sequence[str]) -> None:
    quoted = ", ".join(f'"{tag}"' for tag in languages)
    write_if_changed(
        out / "pyproject.toml",
        "# A generated benchmark library (bench/corpus.py); every catalog is pseudo-translated.\n"
        "[tool.handouts]\n"
        f"languages = [{quoted}]\n"
        "publish_threshold = 0\n",
    )


def handouts_command() -> list[str]:
    """The project's CLI from the interpreter running this script (the project venv)."""
    return [sys.executable, "-m", "pipeline"]


def extract(out: Path) -> None:
    subprocess.run([*handouts_command(), "extract", "--root", str(out), "-q"], check=True)


def gettext_name(tag: str) -> str:
    return tag.replace("-", "_")


def plural_forms(tag: str) -> str:
    return str(get_plural(str(Locale.parse(tag, sep="-"))).plural_forms)


def translate_catalog(template: Path, target: Path, *, lang: str, team: str) -> None:
    """A POT (any tool's) -> a complete PO for `lang`, every msgstr pseudo-translated."""
    catalog = polib.pofile(str(template), wrapwidth=78)
    catalog.header = f"Pseudo-translation ({lang}) written by bench/corpus.py for benchmarks."
    catalog.metadata.update(
        {
            "PO-Revision-Date": catalog.metadata.get("POT-Creation-Date", ""),
            "Last-Translator": "bench/pseudo.py",
            "Language-Team": team,
            "Language": gettext_name(lang),
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": plural_forms(lang),
        }
    )
    nplurals = int(re.search(r"nplurals=(\d+)", plural_forms(lang)).group(1))  # type: ignore[union-attr]
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            singular = pseudo_translate(entry.msgid, lang)
            plural = pseudo_translate(entry.msgid_plural, lang)
            entry.msgstr_plural = {n: singular if n == 0 else plural for n in range(nplurals)}
        else:
            entry.msgstr = pseudo_translate(entry.msgid, lang)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    target.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(target))


def write_catalogs(out: Path, languages: Sequence[str]) -> int:
    """Every locales/*.pot -> locales/<lang>/LC_MESSAGES/*.po for each language."""
    count = 0
    for template in sorted((out / "locales").glob("*.pot")):
        for lang in languages:
            target = out / "locales" / gettext_name(lang) / "LC_MESSAGES" / f"{template.stem}.po"
            translate_catalog(template, target, lang=lang, team=f"pseudo-{lang}")
            count += 1
    return count


def generate(out: Path, *, count: int, seed: int, locales: int, catalogs: bool = True) -> None:
    languages = LOCALES[:locales]
    write_config(out, languages)
    source = out / "source"
    source.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for slug, text in articles(count, seed=seed):
        wanted.add(f"{slug}.md")
        write_if_changed(source / f"{slug}.md", text)
    for stale in source.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    if catalogs:
        extract(out)
        write_catalogs(out, languages)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="the folder to write (a handouts project)")
    parser.add_argument("--articles", type=int, default=500, help="how many (default: 500)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed, the same corpus")
    parser.add_argument(
        "--locales", type=int, default=8, choices=range(1, len(LOCALES) + 1), metavar="1-8"
    )
    parser.add_argument(
        "--no-catalogs", action="store_true", help="write the Markdown only (no extract, no PO)"
    )
    args = parser.parse_args(argv)
    generate(
        args.out,
        count=args.articles,
        seed=args.seed,
        locales=args.locales,
        catalogs=not args.no_catalogs,
    )
    words = sum(
        len(re.findall(r"\S+", p.read_text(encoding="utf-8")))
        for p in (args.out / "source").glob("*.md")
    )
    print(
        f"{args.out}: {args.articles} articles ({words:,} words with front matter), "
        f"languages {', '.join(LOCALES[: args.locales])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
