package org.doorway.portal;

/**
 * What the portal's form posts, as typed. Every field is optional to the browser; {@link
 * PortalReferrals#check} says what is wrong. Answers to the three yes-or-no questions are
 * {@code yes}, {@code no} or {@code unsure}.
 */
public class PortalForm {

    private String submission;
    private String partner;
    private String danger;
    private String place;
    private String story;
    private String often;
    private String police;
    private String personName;
    private String looks;
    private String role;
    private String yourName;
    private String yourPhone;
    private String website;

    /** The random token rendered into the form: a form sent twice is one referral. */
    public String getSubmission() {
        return submission;
    }

    public void setSubmission(String submission) {
        this.submission = submission;
    }

    /** The partner code the form was opened with, if any. */
    public String getPartner() {
        return partner;
    }

    public void setPartner(String partner) {
        this.partner = partner;
    }

    /** "Is anyone in danger right now?" */
    public String getDanger() {
        return danger;
    }

    public void setDanger(String danger) {
        this.danger = danger;
    }

    /** Where the person can usually be found, in the referrer's words. */
    public String getPlace() {
        return place;
    }

    public void setPlace(String place) {
        this.place = place;
    }

    /** What is going on, in the referrer's words. */
    public String getStory() {
        return story;
    }

    public void setStory(String story) {
        this.story = story;
    }

    /** Whether the person often breaks the law because of drug use, mental health or poverty. */
    public String getOften() {
        return often;
    }

    public void setOften(String often) {
        this.often = often;
    }

    /** Whether, without help, the police would likely be called or the person arrested. */
    public String getPolice() {
        return police;
    }

    public void setPolice(String police) {
        this.police = police;
    }

    /** The person's first name or nickname, if the referrer knows it. */
    public String getPersonName() {
        return personName;
    }

    public void setPersonName(String personName) {
        this.personName = personName;
    }

    /** What the person looks like, if the referrer wants to say. */
    public String getLooks() {
        return looks;
    }

    public void setLooks(String looks) {
        this.looks = looks;
    }

    /** {@code resident}, {@code business} or {@code partner}. */
    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    /** The referrer's name, if they give it. */
    public String getYourName() {
        return yourName;
    }

    public void setYourName(String yourName) {
        this.yourName = yourName;
    }

    /** The referrer's phone number, if they want a call back. */
    public String getYourPhone() {
        return yourPhone;
    }

    public void setYourPhone(String yourPhone) {
        this.yourPhone = yourPhone;
    }

    /** The honeypot: hidden from people, filled in by robots. */
    public String getWebsite() {
        return website;
    }

    public void setWebsite(String website) {
        this.website = website;
    }
}
