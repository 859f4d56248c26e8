"""schema.org descriptions for search engines and calendars: `Course` on course pages, `Event` on
seminar pages. Like the open data, they hold the offer only, never a person."""

from __future__ import annotations

from flask import url_for

from app.disclosure import LICENCE, published_seats_left
from app.links import public_url


def _publisher() -> dict:
    return {"@type": "Organization", "name": "Lernlotse", "url": public_url("/")}


def course_jsonld(course, text, lesson_count: int) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": text.title,
        "description": text.summary,
        "inLanguage": text.language,
        "url": public_url(
            url_for("catalog.show_course", lang=text.language, course_slug=course.slug)
        ),
        "provider": _publisher(),
        "isAccessibleForFree": True,
        "license": LICENCE["url"],
        "timeRequired": f"PT{course.minutes}M",
        "numberOfLessons": lesson_count,
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": "online",
            "courseWorkload": f"PT{course.minutes}M",
        },
    }


def seminar_jsonld(row) -> dict:
    seminar, venue = row.seminar, row.seminar.venue
    status = "EventCancelled" if seminar.is_cancelled else "EventScheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": seminar.title,
        "description": seminar.description or seminar.title,
        "inLanguage": seminar.language,
        "startDate": seminar.starts_at.isoformat(),
        "endDate": seminar.ends_at.isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "url": public_url(url_for("seminars.show", lang="de", seminar_id=seminar.id)),
        "location": {
            "@type": "Place",
            "name": venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.street,
                "postalCode": venue.postcode,
                "addressLocality": venue.town,
                "addressCountry": "DE",
            },
        },
        "organizer": {"@type": "GovernmentOrganization", "name": seminar.city.name},
        "maximumAttendeeCapacity": seminar.capacity,
    }
    seats = published_seats_left(seminar.capacity, row.confirmed, seminar.is_cancelled)
    if seats is not None:
        data["remainingAttendeeCapacity"] = seats
    return data
