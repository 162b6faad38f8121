"""Schema of an office configuration file (office/<id>.yml), documented in the README.

Validation errors name the key and the problem, so an operator can fix the file alone.
"""

import re
from datetime import date, time
from typing import Dict, List, Literal, Optional, Union

from pydantic import (
    BaseModel,
    Extra,
    HttpUrl,
    condecimal,
    conint,
    constr,
    root_validator,
    validator,
)

from lotse_common.language import DEFAULT_LANGUAGE

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GERMAN_STATES = (
    "BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH"
)
PHONE = r"^\+?[\d ()/-]{6,30}$"
INTERVAL = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
# "§ 81 AufenthG", "§ 47 Abs. 1 AufenthV"; tests check that each cited paragraph exists
CITATION = re.compile(
    r"^§ \d+[a-z]?( Abs\. \d+[a-z]?)? "
    r"(AufenthG|AufenthV|BeschV|FreizügG/EU|StAG|AsylG|IntV|UkraineAufenthÜV)$"
)


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid  # a misspelt key is an error, not silently ignored
        anystr_strip_whitespace = True


class Localized(Strict):
    """A text per language code; German is required and stands in for missing languages."""

    __root__: Dict[constr(regex=r"^[a-z]{2}$"), constr(min_length=1)]  # noqa: F722

    @validator("__root__")
    def german_required(cls, value: Dict[str, str]) -> Dict[str, str]:
        if DEFAULT_LANGUAGE not in value:
            raise ValueError(f"a '{DEFAULT_LANGUAGE}' entry is required")
        return value

    def get(self, language: str) -> str:
        return self.__root__.get(language) or self.__root__[DEFAULT_LANGUAGE]


class Address(Strict):
    street: constr(min_length=1)
    postal_code: constr(regex=r"^\d{5}$")  # noqa: F722
    town: constr(min_length=1)
    directions: Optional[Localized] = None  # public transport, parking
    accessibility: Optional[Localized] = None  # step-free access, lift


class Contact(Strict):
    phone: constr(regex=PHONE)  # noqa: F722
    email: constr(regex=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")  # noqa: F722
    contact_form_url: Optional[HttpUrl] = None
    # the case workers' mailbox that receives contact requests from the chat
    staff_mailbox: constr(regex=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")  # noqa: F722


class Interval(Strict):
    start: time
    end: time


class OpeningHours(Strict):
    # weekday -> ["08:00-12:00", "14:00-16:00"]; missing days are closed
    days: Dict[Literal[WEEKDAYS], List[str]]  # type: ignore[valid-type]
    note: Optional[Localized] = None  # e.g. "most services by appointment only"

    @validator("days")
    def intervals_are_valid(cls, days: Dict[str, List[str]]) -> Dict[str, List[str]]:
        for day, intervals in days.items():
            for interval in intervals:
                match = INTERVAL.match(interval)
                if not match:
                    raise ValueError(f"{day}: '{interval}' is not HH:MM-HH:MM")
                if interval[:5] >= interval[6:]:
                    raise ValueError(f"{day}: '{interval}' ends before it starts")
        return days

    def intervals(self, weekday: int) -> List[Interval]:
        """Opening intervals of a weekday (0 = Monday)."""
        return [
            Interval(start=time.fromisoformat(i[:5]), end=time.fromisoformat(i[6:]))
            for i in self.days.get(WEEKDAYS[weekday], [])
        ]


class Responsibility(Strict):
    postal_codes: List[constr(regex=r"^\d{5}$")]  # noqa: F722
    towns: List[constr(min_length=1)]


class EmbeddedCalendar(Strict):
    counters: conint(ge=1, le=50) = 1  # desks serving appointments at the same time
    booking_horizon_days: conint(ge=1, le=365) = 42
    min_notice_hours: conint(ge=0, le=240) = 12
    closed_days: List[date] = []  # office-specific closures besides public holidays


class HttpBackend(Strict):
    base_url: HttpUrl
    connect_timeout_seconds: float = 1.0
    read_timeout_seconds: float = 2.0
    retries: conint(ge=0, le=5) = 2
    api_key_env: Optional[str] = None  # name of the variable holding the API key


class Appointments(Strict):
    backend: Literal["embedded", "http"] = "embedded"
    online_booking_url: HttpUrl  # offered whenever the chat cannot book itself
    embedded: EmbeddedCalendar = EmbeddedCalendar()
    http: Optional[HttpBackend] = None

    @root_validator(skip_on_failure=True)
    def http_settings_when_used(cls, values: Dict) -> Dict:
        if values.get("backend") == "http" and values.get("http") is None:
            raise ValueError("backend 'http' needs an 'http' section with base_url")
        return values


class Service(Strict):
    id: constr(regex=r"^[a-z][a-z0-9_]*$")  # noqa: F722
    name: Localized
    documents: List[Localized]
    # another list for a situation the citizen tells (ids: knowledge/situations.yml), e.g. a
    # recognised refugee's family: the recognition decision, no proof of income and housing
    situation_documents: Dict[constr(regex=r"^[a-z][a-z0-9_]*$"), List[Localized]] = {}  # noqa: F722
    legal_basis: List[constr(regex=CITATION.pattern)]
    fee_reference: Optional[constr(regex=CITATION.pattern)] = None
    online_application_url: Optional[HttpUrl] = None
    appointment_type: Optional[str] = None  # None: no appointment needed / possible
    duration_minutes: conint(ge=5, le=240) = 30
    processing_weeks: Optional[conint(ge=0, le=104)] = None  # typical, as the office observes
    # when it is done without an appointment ("eAT-Ausgabe ohne Termin: Mo.–Fr. 8–12 Uhr");
    # none: "kann ich ohne Termin kommen?" gets "no, with an appointment" and its booking
    walk_in: Optional[OpeningHours] = None


class OtherAuthority(Strict):
    """A local authority citizens are sent to for what is not the immigration office's."""

    name: Localized
    url: Optional[HttpUrl] = None
    phone: Optional[constr(regex=PHONE)] = None  # noqa: F722
    address: Optional[constr(min_length=1)] = None  # one line: street, postal code, town


class Neighbour(OtherAuthority):
    """A neighbouring immigration office, named when a citizen's place is not ours."""

    postal_codes: List[constr(regex=r"^\d{5}$")] = []  # noqa: F722
    towns: List[constr(min_length=1)] = []


class Referrals(Strict):
    # id of knowledge/referrals.yml -> the local authority (name, link, phone)
    authorities: Dict[constr(regex=r"^[a-z_]+$"), OtherAuthority] = {}  # noqa: F722
    neighbours: List[Neighbour] = []
    # topic id (knowledge/topics) -> the department of the same administration that handles
    # it, e.g. naturalization: the Einbürgerungsbehörde; its answer names it, and no
    # appointment at the immigration office is offered for it. An id of `authorities`
    # instead names that one (change_of_address: buergerbuero)
    departments: Dict[constr(regex=r"^[a-z_]+$"),  # noqa: F722
                      Union[OtherAuthority, constr(regex=r"^[a-z_]+$")]] = {}  # noqa: F722
    # where citizens find the immigration office of any place in Germany
    office_finder_url: Optional[HttpUrl] = None

    @validator("departments")
    def _named_authorities(cls, departments, values):
        named = values.get("authorities") or {}
        unknown = sorted(a for a in departments.values() if isinstance(a, str) and a not in named)
        if unknown:
            raise ValueError(f"no such referrals.authorities: {', '.join(unknown)}")
        return {topic: named[a] if isinstance(a, str) else a for topic, a in departments.items()}


class Figure(Strict):
    """A yearly figure that is not in the law (knowledge/figures.yml), with its origin."""

    amount: condecimal(gt=0, decimal_places=2)
    year: conint(ge=2020, le=2100)
    source: HttpUrl  # the official announcement
    valid_until: date  # `python -m actions.office` warns after this day


class Office(Strict):
    id: constr(regex=r"^[a-z][a-z0-9_-]*$")  # noqa: F722
    default: bool = False  # answers when the citizen's place of residence is unknown
    name: Localized
    address: Address
    contact: Contact
    opening_hours: OpeningHours
    holidays_state: Literal[GERMAN_STATES]  # type: ignore[valid-type]
    responsibility: Responsibility
    extension_lead_weeks: conint(ge=1, le=26)  # apply this long before the title expires
    appointments: Appointments
    services: List[Service]
    referrals: Referrals = Referrals()
    figures: Dict[constr(regex=r"^[a-z_]+$"), Figure] = {}  # noqa: F722
    # how the office hands out the card (eAT): e.g. that it posts it on request
    # (§ 60a Abs. 2 AufenthV); added to the card answer
    card_delivery: Optional[Localized] = None
    # how the fee is paid (cash, Girocard, transfer): "kann ich mit Karte zahlen?"; without
    # it the answer says to ask at the appointment or by phone
    payment: Optional[Localized] = None

    @validator("services")
    def unique_service_ids(cls, services: List[Service]) -> List[Service]:
        ids = [s.id for s in services]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"service ids must be unique, repeated: {duplicates}")
        return services

    @root_validator(skip_on_failure=True)
    def walk_in_while_open(cls, values: Dict) -> Dict:
        # "come by on Wednesday" when the office is closed then would send people to a shut door
        hours = values["opening_hours"]
        for service in values["services"]:
            for index, day in enumerate(WEEKDAYS):
                for walk_in in (service.walk_in.intervals(index) if service.walk_in else []):
                    if not any(o.start <= walk_in.start and walk_in.end <= o.end
                               for o in hours.intervals(index)):
                        raise ValueError(f"{service.id}: walk-in {day} {walk_in.start:%H:%M}-"
                                         f"{walk_in.end:%H:%M} is outside the opening hours")
        return values

    def service(self, service_id: str) -> Optional[Service]:
        return next((s for s in self.services if s.id == service_id), None)
